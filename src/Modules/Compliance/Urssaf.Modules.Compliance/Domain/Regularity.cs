using System.Globalization;
using Urssaf.Modules.Compliance.Contracts.Queries;

namespace Urssaf.Modules.Compliance.Domain;

internal enum RegularityStatus
{
    Green,
    Orange,
    Red,
}

/// <summary>
/// Where an account stands, from its own projection only: red for a missing declaration or an overdue amount,
/// orange for a deadline within the window or a direct debit still being collected after its due date, green otherwise. Debts
/// covered by an honoured payment plan (CSS R243-21) are up to date: they only add the reason <c>payment.plan_honoured</c>.
/// </summary>
internal static class Regularity
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static (RegularityStatus Status, IReadOnlyList<EligibilityReason> Reasons) Evaluate(
        IReadOnlyCollection<ExpectedDeclaration> declarations, IReadOnlyCollection<ObligationState> obligations, DateTime now, DateOnly today, int windowDays)
    {
        var red = new List<EligibilityReason>();
        var orange = new List<EligibilityReason>();
        var info = new List<EligibilityReason>();
        var horizon = today.AddDays(windowDays);
        foreach (var d in declarations.Where(d => d.FiledOnUtc is null).OrderBy(d => d.DueDate))
        {
            if (d.DeadlineUtc < now)
                red.Add(new("declaration.missing", $"La déclaration de la période {d.Period} (échéance du {Day(d.DueDate)}) n'a pas été déposée."));
            else if (d.DueDate <= horizon)
                orange.Add(new("declaration.due_soon", $"La déclaration de la période {d.Period} est à déposer au plus tard le {Day(d.DueDate)}."));
        }

        foreach (var o in obligations.OrderBy(o => o.DueDate))
        {
            var what = o.Kind == "penalty" ? $"la pénalité ({o.Period})" : $"la période {o.Period}";
            if (o.UncoveredCents > 0 && o.DueDate < today)
                red.Add(new("payment.overdue", $"{Euros(o.UncoveredCents)} restent à payer pour {what}, échue le {Day(o.DueDate)}."));
            else if (o.UncoveredCents > 0 && o.DueDate <= horizon)
                orange.Add(new("payment.due_soon", $"{Euros(o.UncoveredCents)} sont à payer pour {what} au plus tard le {Day(o.DueDate)}."));
            if (o.PendingCents - o.PlanPendingCents > 0 && o.DueDate < today)
                orange.Add(new("payment.collection_pending", $"Un prélèvement de {Euros(o.PendingCents - o.PlanPendingCents)} pour {what} est en cours d'encaissement."));
            if (o.PlanPendingCents > 0) // CSS R243-21: an honoured plan keeps the account up to date (status unchanged)
                info.Add(new("payment.plan_honoured", $"{Euros(o.PlanPendingCents)} pour {what} sont couverts par un échéancier respecté."));
        }

        var status = red.Count > 0 ? RegularityStatus.Red : orange.Count > 0 ? RegularityStatus.Orange : RegularityStatus.Green;
        return (status, [.. red, .. orange, .. info]);
    }

    public static string Name(RegularityStatus status) => status.ToString().ToLowerInvariant();

    public static string Euros(long cents) => (cents / 100m).ToString("N2", French) + " €";

    private static string Day(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
