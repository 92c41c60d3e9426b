using System.Globalization;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Compliance.Domain;

/// <summary>The enterprise as the formalities feed describes it; linked to its account at activation.</summary>
internal sealed class EnterpriseRecord
{
    public string Siret { get; set; } = "";
    public AccountId? AccountId { get; set; }
    public string LegalName { get; set; } = "";
    public DateOnly ActivityStartDate { get; set; }
    public DeclarationFrequency Frequency { get; set; }
    /// <summary>When the profile event last applied was raised: an older one delivered later is ignored.</summary>
    public DateTime ProfileUpdatedOnUtc { get; set; }
}

/// <summary>A declaration the account owes (announced when its period ended, or known from its filing).</summary>
internal sealed class ExpectedDeclaration
{
    public AccountId AccountId { get; set; }
    public string Period { get; set; } = "";
    public DateOnly DueDate { get; set; }
    public DateTime DeadlineUtc { get; set; }
    public DateTime? FiledOnUtc { get; set; }
    public bool FiledLate { get; set; }
    public long TotalCents { get; set; }
    /// <summary>Set when the R613-9 penalty was assessed: never twice.</summary>
    public bool LatePenaltyAssessed { get; set; }
    /// <summary>The declaration version whose turnover <see cref="DeclaredTurnover"/> holds (an older event never replaces it).</summary>
    public int TurnoverVersion { get; set; }
}

/// <summary>
/// The turnover a filed declaration reports for one civil year (whole euros, from its lines; a split first declaration may
/// report two years), for the turnover ceilings and VAT thresholds (DOMAIN.md §5). Replaced by each correction.
/// </summary>
internal sealed class DeclaredTurnover
{
    public AccountId AccountId { get; set; }
    public string Period { get; set; } = "";
    public int Year { get; set; }
    public long Sales { get; set; }
    public long Services { get; set; }
    public long FurnishedTourism { get; set; }
}

/// <summary>Payments' obligation as last published (event-carried state, highest revision kept).</summary>
internal sealed class ObligationState
{
    public Guid ObligationId { get; set; }
    public AccountId AccountId { get; set; }
    public string Kind { get; set; } = "";
    public Guid SourceId { get; set; }
    public string Period { get; set; } = "";
    public long AmountCents { get; set; }
    public long PaidCents { get; set; }
    public long PendingCents { get; set; }
    /// <summary>Neither paid nor covered by a direct debit in progress (kept as a column to index the penalty job's scan).</summary>
    public long UncoveredCents { get; set; }
    /// <summary>Part of <see cref="PaidCents"/> received after the due date (CSS R243-16: not paid at the due date).</summary>
    public long PaidLateCents { get; set; }
    /// <summary>Part of <see cref="PendingCents"/> from direct debits ordered after the due date.</summary>
    public long PendingLateCents { get; set; }

    /// <summary>Late paid money by day of receipt, <c>2026-05-20:60000;…</c> (<see cref="LateReceiptsText"/>), for R243-16 II.</summary>
    public string? LateReceipts { get; set; }

    /// <summary>CSS R243-16 I: the contributions not paid at the due date (late payments included).</summary>
    public long UnpaidAtDueDateCents => UnpaidAtDueDate(AmountCents, UncoveredCents, PaidLateCents, PendingLateCents);

    /// <summary>
    /// What was not covered plus what came late; Payments counts late money only up to what the money in time left unpaid (a payment
    /// made twice adds nothing), so the sum never exceeds the amount for states it publishes now.
    /// </summary>
    public static long UnpaidAtDueDate(long amount, long uncovered, long paidLate, long pendingLate) => Math.Min(amount, uncovered + pendingLate + paidLate);

    /// <summary>
    /// Part of <see cref="PendingCents"/> reserved by the instalments of an honoured payment plan (CSS R243-21): the debt is covered,
    /// the account "à jour", and the 0.2 % monthly majoration stops growing on it. 0 when the plan defaults.
    /// </summary>
    public long PlanPendingCents { get; set; }

    /// <summary>
    /// CSS R243-16 II: what is still owed today (a debit ordered late covers nothing until it is collected), less what an honoured
    /// payment plan covers (CSS R243-21).
    /// </summary>
    public long StillOwedCents => StillOwed(UncoveredCents, PendingLateCents, PlanPendingCents);

    public static long StillOwed(long uncovered, long pendingLate, long planPending) => Math.Max(0, uncovered + pendingLate - planPending);
    public DateOnly DueDate { get; set; }
    public int Revision { get; set; }
    /// <summary>The (Paris) day the obligation was first seen fully paid; null while something is owed (R243-20: the 30 days).</summary>
    public DateOnly? SettledOn { get; set; }
}

/// <summary>A payment's last known status, for the dashboard.</summary>
internal sealed class PaymentState
{
    public Guid PaymentId { get; set; }
    public AccountId AccountId { get; set; }
    public string Period { get; set; } = "";
    public long AmountCents { get; set; }
    public string Method { get; set; } = "";
    public string Status { get; set; } = "";
    public DateOnly? CollectionDate { get; set; }
    public DateTime UpdatedOnUtc { get; set; }
    public int Revision { get; set; }
}

/// <summary>Late receipts stored as text: <c>yyyy-MM-dd:cents</c> separated by <c>;</c>.</summary>
internal static class LateReceiptsText
{
    public static List<(DateOnly On, long Cents)> Parse(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(e => (DateOnly.ParseExact(e[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                long.Parse(e[11..], CultureInfo.InvariantCulture))).ToList();

    public static string? Format(IEnumerable<(DateOnly On, long Cents)> receipts)
    {
        var text = string.Join(';', receipts.Where(r => r.Cents > 0).OrderBy(r => r.On)
            .Select(r => $"{r.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}:{r.Cents.ToString(CultureInfo.InvariantCulture)}"));
        return text.Length == 0 ? null : text;
    }
}

internal static class PenaltyKinds
{
    public const string LateDeclaration = "late_declaration";
    public const string LatePayment = "late_payment";
    /// <summary>CSS R613-10: contributions taxed on a flat rate for a declaration still missing at the year's last due date.</summary>
    public const string FlatRateTaxation = "flat_rate_taxation";
}

/// <summary>
/// A penalty assessed on an account. Late declaration: fixed once. Late payment: the 0.2 % per month part grows
/// with <see cref="Months"/> while the contributions stay unpaid (each growth is a new <see cref="Version"/>).
/// </summary>
internal sealed class Penalty
{
    public Guid Id { get; set; }
    public AccountId AccountId { get; set; }
    public string Kind { get; set; } = "";
    public string Period { get; set; } = "";
    /// <summary>The late declaration's period, or the unpaid obligation's id: one penalty per source and kind.</summary>
    public string SourceKey { get; set; } = "";
    public long BaseCents { get; set; }
    public int Months { get; set; }
    public long AmountCents { get; set; }
    public DateOnly AssessedOn { get; set; }
    public DateOnly DueDate { get; set; }
    public DateOnly LateSince { get; set; }
    public string LegalReference { get; set; } = "";
    public int Version { get; set; }
}

internal static class RemissionStatuses
{
    public const string Pending = "pending";
    public const string Granted = "granted";
    public const string Refused = "refused";
}

/// <summary>
/// A request for remission of late-payment majorations (CSS R243-20): made once the contributions are paid; the 5 % majoration
/// (R243-16 I) may be remitted, the 0.2 % per month part (R243-16 II) only when the contributions were paid within 30 days of
/// their due date. An operator decides; one request per majoration.
/// </summary>
internal sealed class RemissionRequest
{
    public Guid Id { get; set; }
    public AccountId AccountId { get; set; }
    public Guid PenaltyId { get; set; }
    public string Period { get; set; } = "";
    public DateTime RequestedOnUtc { get; set; }
    public string Reason { get; set; } = "";
    public long MajorationCents { get; set; }
    public long ComplementaryCents { get; set; }
    public bool ComplementaryRemittable { get; set; }
    public long MaxRemittableCents { get; set; }
    public string Status { get; set; } = RemissionStatuses.Pending;
    public long GrantedCents { get; set; }
    public DateTime? DecidedOnUtc { get; set; }
    public string? DecisionNote { get; set; }
}

/// <summary>The widgets an entrepreneur chose for the dashboard, in order.</summary>
internal sealed class DashboardLayout
{
    public static readonly string[] Widgets =
        ["regularity", "contributions_due", "next_deadlines", "recent_declarations", "recent_payments", "penalties", "turnover_thresholds", "regulatory_notices"];

    public AccountId AccountId { get; set; }
    public string WidgetList { get; set; } = string.Join(',', Widgets);
}

/// <summary>
/// The dashboard as last built for an account (ADR 0136): its JSON answer, null when a projection change made it stale;
/// <see cref="Version"/> grows with every change and every build, and is the answer's ETag.
/// </summary>
internal sealed class DashboardView
{
    public AccountId AccountId { get; set; }
    public long Version { get; set; }
    public string? Json { get; set; }
    /// <summary>When the answer may change with time alone: the next Paris midnight, the next filing deadline, or the maximum age.</summary>
    public DateTime ValidUntilUtc { get; set; }
}
