using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Documents.Contracts.IntegrationEvents;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Rendering;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Documents.Features.Shared;

namespace Urssaf.Modules.Documents.Features.Attestations;

internal sealed record IssueAttestationRequest(string Kind);

internal sealed record IssueAttestationCommand(AccountId AccountId, string Kind) : ICommand<Result<AttestationResponse>>;

internal sealed record AttestationResponse(Guid DocumentId, string VerificationCode, DateOnly IssuedOn, DateOnly ValidUntil, bool Provisional, string VerificationUrl);

internal sealed class IssueAttestationValidator : AbstractValidator<IssueAttestationCommand>
{
    public IssueAttestationValidator() =>
        RuleFor(c => c.Kind).Equal("vigilance").WithErrorCode("documents.attestation.kind_invalid").WithMessage("The only kind is \"vigilance\".");
}

/// <summary>Verification codes: 130 random bits as 26 characters of Crockford base32; only their SHA-256 is stored.</summary>
internal static class VerificationCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 26);

    public static bool LooksValid(string code) => code.Length == 26 && code.All(c => Alphabet.Contains(c));

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(code)));
}

/// <summary>
/// Issues an attestation de vigilance when Compliance says the account is up to date (CSS L243-15), provisional for a
/// new business until its first due date; otherwise 422 with Compliance's reasons. The PDF is signed and stored.
/// </summary>
internal sealed class IssueAttestationHandler(DocumentsDbContext db, ISender sender, DocumentIssuer issuer, TimeProvider clock, IOptions<DocumentsOptions> options)
    : ICommandHandler<IssueAttestationCommand, Result<AttestationResponse>>
{
    public async ValueTask<Result<AttestationResponse>> Handle(IssueAttestationCommand command, CancellationToken cancellationToken)
    {
        var holder = await db.Holders.AsNoTracking().FirstOrDefaultAsync(h => h.AccountId == command.AccountId, cancellationToken);
        var eligibility = await sender.Send(new GetAttestationEligibility(command.AccountId.Value), cancellationToken);
        if (holder is null || !eligibility.Eligible)
            return Error.Rule("documents.attestation.not_up_to_date", "The account is not up to date with its declarations and payments.")
                .WithDetails(new Dictionary<string, object?> { ["reasons"] = eligibility.Reasons });

        var now = clock.GetUtcNow().UtcDateTime;
        var today = clock.Today();
        var validUntil = eligibility.Provisional && eligibility.ValidUntil is { } first ? first : today.AddMonths(options.Value.AttestationValidityMonths);
        var code = VerificationCodes.New();
        var url = $"{options.Value.PublicBaseUrl!.TrimEnd('/')}{VerificationPageEndpoint.Route}/{code}"; // the readable page, for people
        var document = new Document
        {
            Id = Guid.CreateVersion7(), AccountId = command.AccountId, Type = DocumentTypes.Attestation, Status = DocumentStatus.Issued,
            Title = eligibility.Provisional ? "Attestation de vigilance provisoire" : "Attestation de vigilance", IssuedOnUtc = now, ValidUntil = validUntil,
            Provisional = eligibility.Provisional, VerificationCodeHash = VerificationCodes.Hash(code),
        };
        document.SourceKey = "attestation:" + document.Id;
        await issuer.IssueAsync(document, pdf => Renderers.Attestation(pdf, holder, today, validUntil, eligibility.Provisional, code, url),
            "Attestation de vigilance (CSS L243-15)", cancellationToken);
        db.Documents.Add(document);
        db.AddIntegrationEvent(new AttestationIssued(Guid.CreateVersion7(), now, document.Id, command.AccountId.Value, document.Provisional, today, validUntil));
        await db.SaveChangesAsync(cancellationToken);
        return new AttestationResponse(document.Id, code, today, validUntil, document.Provisional, url);
    }
}

internal sealed class IssueAttestationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{DocumentsRoutes.Root}/attestations", async (IssueAttestationRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new IssueAttestationCommand(user.GetAccountId(), body.Kind), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{DocumentsRoutes.Root}/{result.Value.DocumentId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("IssueAttestation")
            .WithTags(DocumentsRoutes.Tag)
            .WithSummary("Issues a signed attestation de vigilance (6 months; provisional for a new business), or 422 " +
                         "documents.attestation.not_up_to_date with the reasons.")
            .RequireScope(DelegationScopes.AttestationsIssue)
            .WithIdempotency<DocumentsDbContext>()
            .Produces<AttestationResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
