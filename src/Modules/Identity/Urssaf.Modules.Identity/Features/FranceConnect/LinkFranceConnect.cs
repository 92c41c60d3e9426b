using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

internal sealed record FranceConnectLinkRequest(string LinkCode);

internal sealed record LinkFranceConnectCommand(AccountId AccountId, string LinkCode) : ICommand<Result<FranceConnectLinkResponse>>;

internal sealed record FranceConnectLinkResponse(bool Linked, DateTime LinkedAt);

internal sealed class LinkFranceConnectValidator : AbstractValidator<LinkFranceConnectCommand>
{
    public LinkFranceConnectValidator() => RuleFor(c => c.LinkCode).NotEmpty().MaximumLength(100).WithErrorCode("identity.franceconnect.link_code_invalid");
}

/// <summary>Links the FranceConnect identity a callback found no account for to the account that just logged in with its password.</summary>
internal sealed class LinkFranceConnectHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<LinkFranceConnectCommand, Result<FranceConnectLinkResponse>>
{
    public async ValueTask<Result<FranceConnectLinkResponse>> Handle(LinkFranceConnectCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.HashToken(command.LinkCode);
        var grant = await db.FranceConnectGrants.SingleOrDefaultAsync(g => g.CodeHash == hash, cancellationToken);
        if (grant is null || !grant.IsUsable(FranceConnectGrantKind.Link, now)) return FranceConnectErrors.LinkCodeInvalid;
        if (await db.FranceConnectLinks.AnyAsync(l => l.AccountId == command.AccountId || (l.Issuer == grant.Issuer && l.Subject == grant.Subject), cancellationToken))
            return FranceConnectErrors.AlreadyLinked;
        db.Entry(grant).Property(g => g.UsedOnUtc).CurrentValue = now;
        db.FranceConnectLinks.Add(FranceConnectLink.Create(command.AccountId, grant.Issuer, grant.Subject, "password_confirmed", now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return FranceConnectErrors.AlreadyLinked;
        }

        return new FranceConnectLinkResponse(true, now);
    }
}

internal sealed class LinkFranceConnectEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPut($"{IdentityRoutes.Root}/me/franceconnect", async (FranceConnectLinkRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock,
                CancellationToken ct) =>
                !user.AuthenticatedRecently(clock)
                    ? FranceConnectErrors.ReauthenticationRequired.ToProblem()
                    : (await sender.Send(new LinkFranceConnectCommand(user.GetAccountId(), body.LinkCode), ct)).ToOk())
            .WithName("LinkFranceConnect")
            .WithTags(IdentityRoutes.Tag)
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("Links the FranceConnect identity of a callback's linkCode to this account (login of less than 15 minutes).")
            .Produces<FranceConnectLinkResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
