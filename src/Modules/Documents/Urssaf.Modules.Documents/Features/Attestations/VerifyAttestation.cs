using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Documents.Features.Attestations;

internal sealed record VerifyAttestationQuery(string Code) : IQuery<Result<VerificationResponse>>;

/// <summary>The minimum a principal needs to check an attestation (SECURITY.md §1.8): nothing about amounts or the person.</summary>
internal sealed record VerificationResponse(bool Valid, string Kind, string Siret, string HolderName, DateOnly IssuedOn, DateOnly ValidUntil, string? Reason);

internal sealed class VerifyAttestationHandler(DocumentsDbContext db, TimeProvider clock) : IQueryHandler<VerifyAttestationQuery, Result<VerificationResponse>>
{
    public async ValueTask<Result<VerificationResponse>> Handle(VerifyAttestationQuery query, CancellationToken cancellationToken)
    {
        var unknown = Error.NotFound("documents.attestation.unknown", "No attestation has this verification code.");
        if (!VerificationCodes.LooksValid(query.Code)) return unknown;
        var hash = VerificationCodes.Hash(query.Code);
        var found = await (from d in db.Documents.AsNoTracking()
                           where d.VerificationCodeHash == hash && d.Type == DocumentTypes.Attestation
                           join h in db.Holders.AsNoTracking() on d.AccountId equals h.AccountId
                           select new { d.Status, d.IssuedOnUtc, d.ValidUntil, d.Provisional, h.Siret, h.LegalName }).FirstOrDefaultAsync(cancellationToken);
        if (found is null) return unknown;

        var today = clock.Today();
        var reason = found.Status == DocumentStatus.Revoked ? "revoked" : today > found.ValidUntil ? "expired" : null;
        return new VerificationResponse(reason is null, found.Provisional ? "vigilance_provisional" : "vigilance", found.Siret, found.LegalName,
            DateOnly.FromDateTime(found.IssuedOnUtc), found.ValidUntil!.Value, reason);
    }
}

internal sealed class VerifyAttestationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/attestations/verify/{verificationCode}", async (string verificationCode, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                response.Headers.CacheControl = "no-store";
                return (await sender.Send(new VerifyAttestationQuery(verificationCode.Trim().ToUpperInvariant()), ct)).ToOk();
            })
            .WithName("VerifyAttestation")
            .WithTags(DocumentsRoutes.Tag)
            .WithSummary("Anonymous check of an attestation by its security code: valid (false when expired or revoked), kind, SIRET, holder, dates.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.PublicLookup)
            .Produces<VerificationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
