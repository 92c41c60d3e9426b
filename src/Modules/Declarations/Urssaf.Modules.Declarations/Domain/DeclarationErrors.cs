using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Declarations.Domain;

internal static class DeclarationErrors
{
    public static readonly Error EnterpriseUnknown = Error.Rule("declarations.enterprise.unknown",
        "No enterprise profile is linked to this account yet: the formalities centre's data has not reached Urssaf.");

    public static Error WrongFrequency(string period) => Error.Rule("declarations.period.wrong_frequency",
        $"The enterprise does not declare {(period.Contains('Q') ? "quarterly" : "monthly")}: {period} is not one of its periods.");

    public static Error BeforeActivity(string first) => Error.Rule("declarations.period.before_activity",
        $"This period precedes the first declaration, which is {first} (it covers the activity start).");

    public static Error NotEnded(string period) => Error.Rule("declarations.period.not_ended",
        $"The period {period} has not ended yet: it can be filed from the day after its last day.");

    public static Error Closed(string period) => Error.Conflict("declarations.period.closed",
        $"The due date of {period} has passed: the declaration can no longer be corrected online.");

    public static Error RatesUnavailable(DateOnly from) => Error.Rule("declarations.rates.unavailable",
        $"Contributions can only be computed for periods from {from:yyyy-MM-dd}.");

    public static Error CategoryNotRegistered(string category) => Error.Rule("declarations.category.not_registered",
        $"The activity category '{category}' is not one of the enterprise's registered activities.");

    public static Error SplitRequired(string period, DateOnly change, string parts) => Error.Rule("declarations.turnover.split_required",
        $"The declaration {period} spans a change of rates on {change:yyyy-MM-dd}: give each line's month or quarter ({parts}), " +
        "as each one's turnover bears the rates in force in it (CSS L613-7 I).");

    public static Error PartOutsidePeriod(string part, string parts) => Error.Rule("declarations.turnover.part_outside_period",
        $"{part} is not a month or quarter this declaration covers ({parts}).");

    public static Error NotFound(string period) => Error.NotFound("declarations.declaration.not_found",
        $"No declaration was filed for {period}.");

    public static readonly Error StaleVersion = Error.PreconditionFailed("declarations.declaration.stale",
        "The declaration changed since it was read (If-Match does not match its ETag): read it again before correcting.");

    public static readonly Error ConcurrentFiling = Error.Conflict("declarations.declaration.concurrent",
        "Another filing of this period was being saved at the same time; read the declaration and retry.");
}
