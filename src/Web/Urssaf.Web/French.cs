using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Kiota.Abstractions;

namespace Urssaf.Web;

/// <summary>French formatting: <c>1 234,56 €</c>, <c>30 novembre 2026</c>, "octobre 2026", "3e trimestre 2026".</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");
    private const char Nbsp = '\u00A0';

    public static string Money(long cents)
    {
        var sign = cents < 0 ? "-" : "";
        var abs = Math.Abs(cents);
        var units = (abs / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', Nbsp);
        return $"{sign}{units},{abs % 100:00}{Nbsp}€";
    }

    /// <summary>The API's amounts are euros with two decimals; the page works in cents (DOMAIN.md).</summary>
    public static long Cents(double? euros) => (long)Math.Round((decimal)(euros ?? 0) * 100m, MidpointRounding.AwayFromZero);

    public static string Money(double? euros) => Money(Cents(euros));

    public static string Date(DateOnly date) =>
        (date.Day == 1 ? "1er" : date.Day.ToString(CultureInfo.InvariantCulture)) + " " + date.ToString("MMMM yyyy", Culture);

    public static string Date(Date? date) => date is { } d ? Date(new DateOnly(d.Year, d.Month, d.Day)) : "";

    public static string Date(DateTimeOffset? instant) =>
        instant is { } i ? Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(i, Paris).DateTime)) : "";

    public static string DateTime(DateTimeOffset? instant) =>
        instant is { } i ? $"{Date(instant)} à {TimeZoneInfo.ConvertTime(i, Paris):HH:mm}" : "";

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>"du 1er trimestre 2026", "d'octobre 2026", "de mars 2026": the period after "Déclaration".</summary>
    public static string OfPeriod(string? period)
    {
        var words = Period(period);
        if (words.Length == 0) return "";
        if (char.IsDigit(words[0])) return "du " + words;
        return "aàâeéèêiîoôuy".Contains(char.ToLowerInvariant(words[0])) ? "d'" + words : "de " + words;
    }

    /// <summary>"2026-10" → "octobre 2026", "2026-Q3" → "3e trimestre 2026", "2026-Q1" → "1er trimestre 2026".</summary>
    public static string Period(string? period)
    {
        if (string.IsNullOrEmpty(period)) return "";
        var parts = period.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var year)) return period;
        if (parts[1].StartsWith('Q') && int.TryParse(parts[1].AsSpan(1), CultureInfo.InvariantCulture, out var q))
            return $"{q}{(q == 1 ? "er" : "e")} trimestre {year}";
        return int.TryParse(parts[1], CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            ? $"{Culture.DateTimeFormat.GetMonthName(month)} {year}"
            : period;
    }

    public static string Category(string? category) => category switch
    {
        "sales" => "Vente de marchandises (BIC)",
        "services_bic" => "Prestations de services (BIC)",
        "liberal_bnc" => "Activité libérale (BNC)",
        "liberal_cipav" => "Activité libérale (Cipav)",
        "furnished_tourism" => "Meublés de tourisme classés",
        _ => category ?? "",
    };

    public static string PeriodStatus(string? status) => status switch
    {
        "upcoming" => "À venir",
        "open" => "À déclarer",
        "declared" => "Déclarée",
        "late" => "En retard",
        _ => status ?? "",
    };

    public static string PaymentStatus(string? status) => status switch
    {
        "pending" => "En attente",
        "failed" => "Refusé",
        "expired" => "Expiré",
        "submitted" => "Transmis à la banque", // the method ("Prélèvement SEPA") is shown beside it
        "scheduled" => "Programmé",
        "awaiting_transfer" => "Virement attendu",
        "collected" or "settled" or "paid" => "Payé",
        "returned" or "rejected" => "Rejeté",
        "cancelled" => "Annulé",
        _ => status ?? "",
    };

    public static string Method(string? method) => method switch
    {
        "sepa_debit" => "Prélèvement SEPA",
        "transfer" => "Virement",
        "card" => "Carte bancaire",
        _ => method ?? "",
    };

    public static string PlanStatus(string? status) => status switch
    {
        "under_review" => "À l'étude par un conseiller",
        "counter_proposed" => "Contre-proposition à accepter",
        "approved" => "Accordé",
        "refused" => "Refusé",
        "completed" => "Soldé",
        "defaulted" => "Non respecté",
        _ => status ?? "",
    };

    public static string InstalmentStatus(string? status) => status switch
    {
        "planned" or null => "À venir",
        "scheduled" => "Prélèvement programmé",
        "paid" => "Payée",
        "returned" => "Rejetée",
        "presented_again" => "Représentée",
        "cancelled" => "Annulée",
        _ => status,
    };

    public static string Topic(string? topic) => topic switch
    {
        "declaration" => "Déclaration",
        "payment" => "Paiement",
        "attestation" => "Attestation",
        "account" => "Mon compte",
        "other" => "Autre",
        _ => topic ?? "",
    };

    public static string Size(long? bytes) => bytes switch
    {
        null => "",
        < 1024 => $"{bytes} o",
        < 1024 * 1024 => (bytes.Value / 1024m).ToString("0", Culture) + "\u00A0ko",
        _ => (bytes.Value / 1024m / 1024m).ToString("0.0", Culture) + "\u00A0Mo",
    };

    public static string Regularity(string? status) => status switch
    {
        "green" => "À jour",
        "orange" => "À surveiller",
        "red" => "Irrégulier",
        _ => status ?? "",
    };
}

/// <summary>The framework's binding messages, in French (a number field given letters, a missing value).</summary>
internal static class FrenchBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider p)
    {
        p.SetAttemptedValueIsInvalidAccessor((value, field) => $"« {value} » n'est pas une valeur valide.");
        p.SetMissingBindRequiredValueAccessor(field => "Ce champ est obligatoire.");
        p.SetMissingKeyOrValueAccessor(() => "Ce champ est obligatoire.");
        p.SetMissingRequestBodyRequiredValueAccessor(() => "Le formulaire est vide.");
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"« {value} » n'est pas une valeur valide.");
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Cette valeur n'est pas valide.");
        p.SetNonPropertyValueMustBeANumberAccessor(() => "Saisissez un nombre.");
        p.SetUnknownValueIsInvalidAccessor(field => "Cette valeur n'est pas valide.");
        p.SetValueIsInvalidAccessor(value => $"« {value} » n'est pas une valeur valide.");
        p.SetValueMustBeANumberAccessor(field => "Saisissez un nombre.");
        p.SetValueMustNotBeNullAccessor(value => "Ce champ est obligatoire.");
    }
}
