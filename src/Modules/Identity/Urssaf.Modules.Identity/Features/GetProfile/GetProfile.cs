using FluentValidation;
using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Features.RecordFormality;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Identity.Features.Shared;

namespace Urssaf.Modules.Identity.Features.GetProfile;

internal sealed record GetProfileQuery(AccountId AccountId) : IQuery<Result<ProfileResponse>>;

/// <summary>The owner's profile: the NIR and phone masked, the enterprise as the formalities centre transmitted it.</summary>
internal sealed record ProfileResponse(Guid AccountId, string Siret, string Nir, string FirstName, string LastName, string Email,
    string MobilePhone, string Status, DateTime? ActivatedAt, FormalityResponse? Enterprise);

internal sealed record ConnectionResponse(DateTime At, string Method, string Result, string? IpAddress, string? UserAgent);

internal sealed record SessionResponse(Guid Id, DateTime CreatedAt, DateTime LastActiveAt, DateTime ExpiresAt, bool RememberMe, string Method,
    string? IpAddress, string? UserAgent, bool Current);

internal sealed record GetConnectionsQuery(AccountId AccountId, int Page, int PageSize) : IQuery<IReadOnlyList<ConnectionResponse>>;

internal sealed record ListSessionsQuery(AccountId AccountId, Guid? CurrentSessionId) : IQuery<IReadOnlyList<SessionResponse>>;

internal sealed class GetProfileHandler(IdentityDbContext db) : IQueryHandler<GetProfileQuery, Result<ProfileResponse>>
{
    public async ValueTask<Result<ProfileResponse>> Handle(GetProfileQuery query, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.AccountId, cancellationToken);
        if (account is null) return Domain.IdentityErrors.AccountNotFound;
        var formality = await db.Formalities.AsNoTracking().SingleOrDefaultAsync(f => f.Siret == account.Siret, cancellationToken);
        return new ProfileResponse(account.Id.Value, account.Siret, account.NirMasked, account.FirstName, account.LastName, account.Email,
            ContactPoints.MaskMobile(account.MobilePhone), account.Status == Domain.AccountStatus.Active ? "active" : "pending_activation",
            account.ActivatedOnUtc, formality is null ? null : FormalityResponse.From(formality));
    }
}

internal sealed class GetConnectionsValidator : FluentValidation.AbstractValidator<GetConnectionsQuery>
{
    public GetConnectionsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

internal sealed class GetConnectionsHandler(IdentityDbContext db) : IQueryHandler<GetConnectionsQuery, IReadOnlyList<ConnectionResponse>>
{
    public async ValueTask<IReadOnlyList<ConnectionResponse>> Handle(GetConnectionsQuery query, CancellationToken cancellationToken) =>
        await db.ConnectionJournal.AsNoTracking().Where(e => e.AccountId == query.AccountId)
            .OrderByDescending(e => e.AtUtc).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(e => new ConnectionResponse(e.AtUtc, e.Method, e.Result, e.IpAddress, e.UserAgent))
            .ToListAsync(cancellationToken);
}

internal sealed class ListSessionsHandler(IdentityDbContext db, TimeProvider clock) : IQueryHandler<ListSessionsQuery, IReadOnlyList<SessionResponse>>
{
    public async ValueTask<IReadOnlyList<SessionResponse>> Handle(ListSessionsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.AccountId == query.AccountId && s.RevokedOnUtc == null).ToListAsync(cancellationToken);
        return sessions.Where(s => s.IsActive(now)).OrderByDescending(s => s.LastRefreshedOnUtc)
            .Select(s => new SessionResponse(s.Id, s.CreatedOnUtc, s.LastRefreshedOnUtc, s.AbsoluteExpiresOnUtc, s.RememberMe, s.Method,
                s.IpAddress, s.UserAgent, s.Id == query.CurrentSessionId))
            .ToList();
    }
}

internal sealed class GetProfileEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup($"{IdentityRoutes.Root}/me").WithTags(IdentityRoutes.Tag).RequireAuthorization(Policies.AccountHolder);
        me.MapGet("", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetProfileQuery(user.GetAccountId()), ct)).ToOk())
            .WithName("GetProfile").Produces<ProfileResponse>();
        me.MapGet("/connections", async (ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 50) =>
                TypedResults.Ok(await sender.Send(new GetConnectionsQuery(user.GetAccountId(), page, pageSize), ct)))
            .WithName("GetConnections").WithSummary("The connection journal: every login attempt on the account, newest first.")
            .Produces<IReadOnlyList<ConnectionResponse>>();
        me.MapGet("/sessions", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListSessionsQuery(user.GetAccountId(), user.FindSessionId()), ct)))
            .WithName("ListSessions").WithSummary("The account's active sessions (devices).")
            .Produces<IReadOnlyList<SessionResponse>>();
    }
}
