using System.Globalization;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Features.Shared;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Plans;

internal static class PlanErrors
{
    public static readonly Error NotFound = Error.NotFound("payments.plan.not_found", "No such payment plan.");

    public static Error NotInStatus(string expected) => Error.Conflict("payments.plan.status_invalid", $"The plan is not {expected}.");
}
