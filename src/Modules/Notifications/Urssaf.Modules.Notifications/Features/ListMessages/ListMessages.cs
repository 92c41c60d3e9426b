using FluentValidation;
using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Notifications.Features.ListMessages;

internal sealed record ListMessagesQuery(AccountId AccountId, int Page, int PageSize) : IQuery<IReadOnlyList<MessageResponse>>;

internal sealed record MessageResponse(Guid Id, string Topic, Channel Channel, string? Subject, DateTime CreatedAt, DeliveryStatus Status, DateTime? SentAt);

internal sealed class ListMessagesValidator : FluentValidation.AbstractValidator<ListMessagesQuery>
{
    public ListMessagesValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

internal sealed class ListMessagesHandler(NotificationsDbContext db) : IQueryHandler<ListMessagesQuery, IReadOnlyList<MessageResponse>>
{
    public async ValueTask<IReadOnlyList<MessageResponse>> Handle(ListMessagesQuery query, CancellationToken cancellationToken) =>
        await db.OutgoingMessages.AsNoTracking().Where(m => m.AccountId == query.AccountId)
            .OrderByDescending(m => m.CreatedOnUtc).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(m => new MessageResponse(m.Id, m.Topic, m.Channel, m.Subject, m.CreatedOnUtc, m.Status, m.SentOnUtc))
            .ToListAsync(cancellationToken);
}

internal sealed class ListMessagesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{NotificationsRoutes.Root}", async (ClaimsPrincipal user, ISender sender, CancellationToken ct, int page = 1, int pageSize = 50) =>
                TypedResults.Ok(await sender.Send(new ListMessagesQuery(user.GetAccountId(), page, pageSize), ct)))
            .WithName("ListMessages")
            .WithTags(NotificationsRoutes.Tag)
            .WithSummary("What was sent to the account: topic, channel, time and delivery status (never the content of a secret).")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<MessageResponse>>();
}
