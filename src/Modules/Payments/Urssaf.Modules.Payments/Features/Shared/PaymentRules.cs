using System.Security.Claims;
using System.Text.RegularExpressions;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Payments.Card;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Shared;

internal static partial class PaymentRules
{
    public static readonly string[] Methods = ["sepa_debit", "card", "transfer"];

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$")]
    public static partial Regex Period();

    /// <summary>Euros with at most two decimals, as API.md fixes for money.</summary>
    public static bool IsCents(decimal amount) => decimal.Round(amount, 2) == amount;

    public static long ToCents(decimal amount) => (long)(amount * 100m);
}
