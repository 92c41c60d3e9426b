using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Compliance.Features.Remissions;

internal static class RemissionErrors
{
    public static readonly Error PenaltyNotFound = Error.NotFound("compliance.penalty.not_found", "No such penalty on this account.");

    public static readonly Error NotAMajoration = Error.Rule("compliance.remission.not_a_majoration",
        "Remission (CSS R243-20) applies to late-payment majorations; the late-declaration penalty is not remitted here.");

    public static readonly Error ContributionsUnpaid = Error.Rule("compliance.remission.contributions_unpaid",
        "Remission can be requested once the contributions of the period are fully paid (CSS R243-20) or covered by a signed, honoured payment plan (CSS R243-21).");

    public static readonly Error AlreadyRequested = Error.Conflict("compliance.remission.already_requested", "A remission was already requested for this majoration.");

    public static readonly Error RequestNotFound = Error.NotFound("compliance.remission.not_found", "No such remission request.");

    public static readonly Error AlreadyDecided = Error.Conflict("compliance.remission.already_decided", "This remission request was already decided.");

    public static Error TooHigh(long max) => Error.Rule("compliance.remission.amount_too_high",
        $"At most {max / 100m:0.00} € can be remitted: the 5 % majoration, and the 0.2 % part only when the contributions were paid within 30 days of their due date (CSS R243-20).");
}

// ---- the entrepreneur asks -------------------------------------------------------------------------------------------
