using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Journal;

namespace Urssaf.Modules.Identity.Features.Operators;

/// <summary>Finds a named operator by the hash of the key presented (revoked ones are not found).</summary>
internal sealed class OperatorDirectory(IdentityDbContext db) : IOperatorDirectory
{
    public async Task<OperatorIdentity?> FindAsync(string keyHash, CancellationToken cancellationToken) =>
        await db.Operators.AsNoTracking().Where(o => o.KeyHash == keyHash && o.RevokedOnUtc == null)
            .Select(o => new OperatorIdentity(o.Id, o.Name, o.Role)).SingleOrDefaultAsync(cancellationToken);
}

/// <summary>
/// Named operators (ADR 0113): an administrator creates one with a name and a role and gets its key once; rotating gives
/// a new key and ends the old one at once; revoking ends it. The configured <c>Operator:Key</c> stays the bootstrap administrator.
/// </summary>
internal sealed class OperatorsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/operator/operators").WithTags(IdentityRoutes.OperatorTag).RequireAuthorization(Policies.Operator);

        group.MapPost("", async (CreateOperatorRequest body, IdentityDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var name = body.Name?.Trim() ?? "";
                if (name.Length is 0 or > 100 || name.Any(char.IsControl))
                    return ProblemResults.Problem(400, "identity.operator.name_invalid", "An operator needs a name of 1 to 100 printable characters.");
                if (!OperatorRoles.All.Contains(body.Role))
                    return ProblemResults.Problem(400, "identity.operator.role_invalid", $"The role must be one of: {string.Join(", ", OperatorRoles.All)}.");
                if (name == OperatorIdentity.Bootstrap.Name || await db.Operators.AnyAsync(o => o.Name == name, ct))
                    return ProblemResults.Problem(409, "identity.operator.name_taken", "An operator already has this name.");
                var key = OperatorKeys.New();
                var created = new OperatorCredential
                {
                    Id = Guid.CreateVersion7(), Name = name, Role = body.Role, KeyHash = OperatorKeys.Hash(key), CreatedOnUtc = clock.GetUtcNow().UtcDateTime,
                };
                db.Operators.Add(created);
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    return ProblemResults.Problem(409, "identity.operator.name_taken", "An operator already has this name.");
                }

                return Results.Created($"/api/v1/operator/operators/{created.Id}", new OperatorKeyResponse(created.Id, created.Name, created.Role, key));
            })
            .WithName("CreateOperator")
            .WithSummary("Creates a named operator (adviser, finance or administrator); its key is shown once.")
            .Produces<OperatorKeyResponse>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(409);

        group.MapGet("", async (IdentityDbContext db, CancellationToken ct) =>
                Results.Ok(await db.Operators.AsNoTracking().OrderBy(o => o.Name)
                    .Select(o => new OperatorView(o.Id, o.Name, o.Role, o.CreatedOnUtc, o.RotatedOnUtc, o.RevokedOnUtc)).ToListAsync(ct)))
            .WithName("ListOperators")
            .WithSummary("Lists the named operators (never their keys).")
            .Produces<List<OperatorView>>();

        group.MapPost("/{operatorId:guid}/key", async (Guid operatorId, IdentityDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var found = await db.Operators.SingleOrDefaultAsync(o => o.Id == operatorId && o.RevokedOnUtc == null, ct);
                if (found is null) return ProblemResults.Problem(404, "identity.operator.not_found", "No active operator has this id.");
                var key = OperatorKeys.New();
                (found.KeyHash, found.RotatedOnUtc) = (OperatorKeys.Hash(key), clock.GetUtcNow().UtcDateTime);
                found.Version++;
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    return ProblemResults.Problem(409, "identity.operator.changed_concurrently", "The operator changed meanwhile; try again.");
                }

                return Results.Ok(new OperatorKeyResponse(found.Id, found.Name, found.Role, key));
            })
            .WithName("RotateOperatorKey")
            .WithSummary("Gives the operator a new key (shown once); the old one stops working at once.")
            .Produces<OperatorKeyResponse>().ProducesProblem(404).ProducesProblem(409);

        group.MapDelete("/{operatorId:guid}", async (Guid operatorId, IdentityDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var found = await db.Operators.SingleOrDefaultAsync(o => o.Id == operatorId, ct);
                if (found is null) return ProblemResults.Problem(404, "identity.operator.not_found", "No operator has this id.");
                if (found.RevokedOnUtc is null)
                {
                    found.RevokedOnUtc = clock.GetUtcNow().UtcDateTime;
                    found.Version++;
                    await db.SaveChangesAsync(ct);
                }

                return Results.NoContent();
            })
            .WithName("RevokeOperator")
            .WithSummary("Revokes an operator: its key stops working at once.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(404);

        app.MapGet("/api/v1/operator/journal/verification", async (IEnumerable<IModuleJournal> journals, CancellationToken ct) =>
            {
                var results = new List<JournalVerification>();
                foreach (var journal in journals.OrderBy(j => j.Module, StringComparer.Ordinal)) results.Add(await journal.VerifyAsync(ct));
                return Results.Ok(new JournalVerificationResponse(results.All(r => r.Valid), results));
            })
            .WithName("VerifyJournals")
            .WithTags(IdentityRoutes.OperatorTag)
            .WithSummary("Verifies every module's tamper-evident journal (hash chain and signed checkpoints) and names the first broken entry.")
            .RequireAuthorization(Policies.Operator)
            .Produces<JournalVerificationResponse>();
    }
}

internal sealed record CreateOperatorRequest(string Name, string Role);

internal sealed record OperatorKeyResponse(Guid OperatorId, string Name, string Role, string Key);

internal sealed record OperatorView(Guid OperatorId, string Name, string Role, DateTime CreatedAt, DateTime? RotatedAt, DateTime? RevokedAt);

internal sealed record JournalVerificationResponse(bool Valid, IReadOnlyList<JournalVerification> Journals);
