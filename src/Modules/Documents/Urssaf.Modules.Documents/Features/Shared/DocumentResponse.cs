using System.Globalization;
using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Storage;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Documents.Features.Shared;

internal sealed record DocumentResponse(Guid DocumentId, string Type, string Title, string? Period, decimal? Amount, string Status, DateTime IssuedAt,
    DateOnly? ValidUntil, long? SizeBytes)
{
    public static DocumentResponse From(Document d, DateOnly today) => new(d.Id, d.Type, d.Title, d.Period, d.AmountCents / 100m,
        d.Status == DocumentStatus.Revoked ? "revoked" : d.ValidUntil is { } until && today > until ? "expired" : d.Type == DocumentTypes.Attestation ? "valid" : "issued",
        d.IssuedOnUtc, d.ValidUntil, d.SizeBytes);
}
