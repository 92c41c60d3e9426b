using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Notifications.Features.Preferences;

internal sealed record GetPreferencesQuery(AccountId AccountId) : IQuery<IReadOnlyDictionary<string, ChannelChoice>>;

internal sealed record SetPreferencesCommand(AccountId AccountId, IReadOnlyDictionary<string, ChannelChoice> Choices)
    : ICommand<Result<IReadOnlyDictionary<string, ChannelChoice>>>;

internal sealed class SetPreferencesValidator : AbstractValidator<SetPreferencesCommand>
{
    public SetPreferencesValidator()
    {
        RuleFor(c => c.Choices).NotEmpty().WithErrorCode("notifications.preferences.empty")
            .Must(c => c is null || c.Keys.All(Domain.Preference.Defaults.ContainsKey)).WithErrorCode("notifications.topic.unknown")
            .WithMessage("Topics are deadline_reminders, declaration_confirmations, security_alerts, regulatory_updates, secure_messages and payment_reminders.")
            .Must(c => c is null || c.Values.All(Enum.IsDefined)).WithErrorCode("notifications.channel.unknown");
    }
}

internal sealed class GetPreferencesHandler(NotificationsDbContext db) : IQueryHandler<GetPreferencesQuery, IReadOnlyDictionary<string, ChannelChoice>>
{
    public async ValueTask<IReadOnlyDictionary<string, ChannelChoice>> Handle(GetPreferencesQuery query, CancellationToken cancellationToken) =>
        await Effective(db, query.AccountId, cancellationToken);

    public static async Task<IReadOnlyDictionary<string, ChannelChoice>> Effective(NotificationsDbContext db, AccountId account, CancellationToken ct)
    {
        var chosen = await db.Preferences.AsNoTracking().Where(p => p.AccountId == account).ToDictionaryAsync(p => p.Topic, p => p.Choice, ct);
        return Domain.Preference.Defaults.ToDictionary(d => d.Key, d => chosen.GetValueOrDefault(d.Key, d.Value));
    }
}

internal sealed class SetPreferencesHandler(NotificationsDbContext db) : ICommandHandler<SetPreferencesCommand, Result<IReadOnlyDictionary<string, ChannelChoice>>>
{
    public async ValueTask<Result<IReadOnlyDictionary<string, ChannelChoice>>> Handle(SetPreferencesCommand command, CancellationToken cancellationToken)
    {
        if (command.Choices.GetValueOrDefault(Topics.SecurityAlerts) == ChannelChoice.None)
            return Error.Rule("notifications.security_alerts.required", "Security alerts always keep at least one channel (e-mail, SMS or both).");
        var existing = await db.Preferences.Where(p => p.AccountId == command.AccountId).ToListAsync(cancellationToken);
        foreach (var (topic, choice) in command.Choices)
        {
            var row = existing.SingleOrDefault(p => p.Topic == topic);
            if (row is null) db.Preferences.Add(new Domain.Preference { AccountId = command.AccountId, Topic = topic, Choice = choice });
            else row.Choice = choice;
        }

        await db.SaveChangesAsync(cancellationToken);
        return Result<IReadOnlyDictionary<string, ChannelChoice>>.Success(await GetPreferencesHandler.Effective(db, command.AccountId, cancellationToken));
    }
}

internal sealed class PreferencesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{NotificationsRoutes.Root}/preferences").WithTags(NotificationsRoutes.Tag).RequireAuthorization(Policies.AccountHolder);
        group.MapGet("", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetPreferencesQuery(user.GetAccountId()), ct)))
            .WithName("GetPreferences")
            .WithSummary("The channel of each topic: email, sms, both, or none (security alerts keep at least one).")
            .Produces<IReadOnlyDictionary<string, ChannelChoice>>();
        group.MapPut("", async (Dictionary<string, ChannelChoice> body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new SetPreferencesCommand(user.GetAccountId(), body), ct)).ToOk())
            .WithName("SetPreferences")
            .Produces<IReadOnlyDictionary<string, ChannelChoice>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
