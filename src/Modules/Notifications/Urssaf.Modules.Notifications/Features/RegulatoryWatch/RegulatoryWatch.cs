using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Declarations.Contracts.Queries;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Contracts.Queries;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Messaging;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Notifications.Features.RegulatoryWatch;

internal sealed record NoticeAudience(bool All, IReadOnlyList<string>? Categories, IReadOnlyList<string>? Departments, IReadOnlyList<string>? Frequencies);

/// <summary><c>link</c>: optional https address of the official text or page that explains the change (shown on the dashboard).</summary>
internal sealed record PublishNoticeRequest(string Title, string Text, DateOnly EffectiveOn, NoticeAudience Audience, string? Link = null);

internal sealed record PublishedNoticeResponse(Guid NoticeId, int Notified);

internal sealed record PublishNoticeCommand(string Title, string Text, DateOnly EffectiveOn, NoticeAudience Audience, string? SourceKey = null, string? Link = null)
    : ICommand<Result<PublishedNoticeResponse>>;

internal sealed class PublishNoticeValidator : AbstractValidator<PublishNoticeCommand>
{
    private static readonly HashSet<string> Categories = [.. Enum.GetValues<ActivityCategory>().Select(c => JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString()))];

    public PublishNoticeValidator()
    {
        RuleFor(c => c.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithErrorCode("notifications.notice.title_required").WithMessage("The notice needs a title.")
            .MaximumLength(200).WithErrorCode("notifications.notice.title_too_long");
        RuleFor(c => c.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithErrorCode("notifications.notice.text_required").WithMessage("The notice needs a text.")
            .MaximumLength(5000).WithErrorCode("notifications.notice.text_too_long");
        RuleFor(c => c.Link).Must(l => l is null || (l.Length <= 500 && Uri.TryCreate(l, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps))
            .WithErrorCode("notifications.notice.link_invalid").WithMessage("The link is an absolute https address of at most 500 characters.");
        RuleFor(c => c.Audience).NotNull().WithErrorCode("notifications.notice.audience_required")
            .Must(a => a is null || a.All || (a.Categories?.Count ?? 0) + (a.Departments?.Count ?? 0) + (a.Frequencies?.Count ?? 0) > 0)
            .WithErrorCode("notifications.notice.audience_required").WithMessage("Say whom the notice concerns: all, or categories, departments, frequencies.")
            .Must(a => a?.Categories is null || a.Categories.All(Categories.Contains)).WithErrorCode("notifications.notice.category_unknown")
            .WithMessage("Categories are sales, services_bic, liberal_bnc, liberal_cipav, furnished_tourism.")
            .Must(a => a?.Departments is null || a.Departments.All(d => d is { Length: 2 or 3 } && d.All(char.IsAsciiLetterOrDigit)))
            .WithErrorCode("notifications.notice.department_invalid").WithMessage("Departments are codes such as 75, 2A or 971.")
            .Must(a => a?.Frequencies is null || a.Frequencies.All(f => f is "monthly" or "quarterly")).WithErrorCode("notifications.notice.frequency_unknown")
            .WithMessage("Frequencies are monthly and quarterly.");
    }
}

/// <summary>
/// Records the notice and tells every concerned account on <c>regulatory_updates</c>, on the channels it chose (none: only the
/// dashboard). Message ids derive from (notice, account), so a notice never reaches an account twice.
/// </summary>
internal sealed class PublishNoticeHandler(NotificationsDbContext db, TimeProvider clock) : ICommandHandler<PublishNoticeCommand, Result<PublishedNoticeResponse>>
{
    public async ValueTask<Result<PublishedNoticeResponse>> Handle(PublishNoticeCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var a = command.Audience;
        var notice = new RegulatoryNotice
        {
            Id = Guid.CreateVersion7(), Title = command.Title.Trim(), Text = command.Text.Trim(), EffectiveOn = command.EffectiveOn, All = a.All,
            Categories = string.Join(',', a.Categories ?? []), Departments = string.Join(',', (a.Departments ?? []).Select(d => d.ToUpperInvariant())),
            Frequencies = string.Join(',', a.Frequencies ?? []), PublishedOnUtc = now, SourceKey = command.SourceKey, Link = command.Link,
        };

        var recipients = await (
                from c in db.Contacts
                from p in db.AudienceProfiles.Where(x => x.Siret == c.Siret).DefaultIfEmpty()
                from pref in db.Preferences.Where(x => x.AccountId == c.AccountId && x.Topic == Topics.RegulatoryUpdates).DefaultIfEmpty()
                select new { Contact = c, Profile = p, Choice = (ChannelChoice?)pref.Choice })
            .AsNoTracking().ToListAsync(cancellationToken);
        var messages = new List<OutgoingMessage>();
        foreach (var r in recipients.Where(r => notice.Concerns(r.Profile)))
        {
            var content = Templates.RegulatoryNotice(r.Contact.FirstName, notice.Title, notice.EffectiveOn);
            var source = SourceId(notice.Id, r.Contact.AccountId);
            foreach (var channel in Preference.ChannelsOf(r.Choice ?? Preference.Defaults[Topics.RegulatoryUpdates]))
                messages.Add(channel == Channel.Email || r.Contact.MobilePhone.Length == 0
                    ? OutgoingMessage.Email(source, r.Contact.AccountId, Topics.RegulatoryUpdates, r.Contact.Email, content.Subject, content.Text, content.Html, now)
                    : OutgoingMessage.Sms(source, r.Contact.AccountId, Topics.RegulatoryUpdates, r.Contact.MobilePhone,
                        $"Urssaf : {content.Subject}. Détails sur votre tableau de bord.", now));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.RegulatoryNotices.Add(notice);
        db.AddIntegrationEvent(new RegulatoryNoticePublished(Guid.CreateVersion7(), now, notice.Id)); // the dashboards' notices widget
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (command.SourceKey is not null)
        {
            db.ChangeTracker.Clear(); // this rate change was announced already
            return new PublishedNoticeResponse(notice.Id, 0);
        }

        foreach (var batch in messages.Chunk(5000)) await db.InsertAsync(batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken); // the notice and its messages together
        return new PublishedNoticeResponse(notice.Id, messages.Select(m => m.AccountId).Distinct().Count());
    }

    private static Guid SourceId(Guid noticeId, AccountId account) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"notice:{noticeId}:{account}")).AsSpan(0, 16));
}

internal sealed class GetRegulatoryNoticesHandler(NotificationsDbContext db) : IQueryHandler<GetRegulatoryNotices, IReadOnlyList<RegulatoryNoticeView>>
{
    public async ValueTask<IReadOnlyList<RegulatoryNoticeView>> Handle(GetRegulatoryNotices query, CancellationToken cancellationToken)
    {
        var account = new AccountId(query.AccountId);
        var siret = await db.Contacts.AsNoTracking().Where(c => c.AccountId == account).Select(c => c.Siret).SingleOrDefaultAsync(cancellationToken);
        var profile = string.IsNullOrEmpty(siret) ? null : await db.AudienceProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Siret == siret, cancellationToken);
        var since = query.Today.AddDays(-90);
        var notices = await db.RegulatoryNotices.AsNoTracking().Where(n => n.EffectiveOn >= since).OrderByDescending(n => n.PublishedOnUtc).Take(200)
            .ToListAsync(cancellationToken);
        return [.. notices.Where(n => n.Concerns(profile)).Take(10).Select(n => new RegulatoryNoticeView(n.Id, n.Title, n.Text, n.EffectiveOn, n.PublishedOnUtc, n.Link))];
    }
}

/// <summary>Keeps what decides which notices concern an enterprise.</summary>
internal sealed class EnterpriseAudienceHandler(NotificationsDbContext db) : IIntegrationEventHandler<EnterpriseProfileChanged>
{
    public async Task Handle(EnterpriseProfileChanged e, CancellationToken cancellationToken)
    {
        var profile = await db.AudienceProfiles.SingleOrDefaultAsync(p => p.Siret == e.Siret, cancellationToken);
        if (profile is null) db.AudienceProfiles.Add(profile = new AudienceProfile { Siret = e.Siret });
        (profile.Category, profile.Department, profile.Frequency) = (e.PrimaryCategory, e.Department, e.DeclarationFrequency);
    }
}

/// <summary>The <c>Notifications:RegulatoryWatch</c> section.</summary>
internal sealed class RegulatoryWatchOptions
{
    /// <summary>How many days before its effective date a rate change is announced.</summary>
    public int NoticeDays { get; set; } = 60;
}

/// <summary>
/// Daily: every change of a social contribution rate in the rate data (CSS D613-4) taking effect within the notice window
/// becomes a notice to the accounts of that category, once (its source key is unique).
/// </summary>
internal sealed class AnnounceRateChangesJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RegulatoryWatchOptions> options) : IDailyJob
{
    public string Name => "announce-rate-changes";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var today = clock.Today();
        var changes = await sender.Send(new GetUpcomingRateChanges(today, today.AddDays(Math.Max(1, options.Value.NoticeDays))), cancellationToken);
        var published = 0;
        foreach (var change in changes)
        {
            var category = JsonNamingPolicy.SnakeCaseLower.ConvertName(change.Category.ToString());
            var key = $"rate:{category}:{change.EffectiveOn:yyyy-MM-dd}";
            if (await db.RegulatoryNotices.AnyAsync(n => n.SourceKey == key, cancellationToken)) continue;
            var title = $"Nouveau taux de cotisations sociales au {Templates.Day(change.EffectiveOn)}";
            var text = $"À partir du {Templates.Day(change.EffectiveOn)}, le taux de cotisations sociales de votre activité passe de " +
                       $"{change.PreviousPercent.ToString("0.##", French)} % à {change.NewPercent.ToString("0.##", French)} % du chiffre d'affaires " +
                       $"(CSS D613-4 ; {change.Source}). Il s'applique au chiffre d'affaires encaissé à partir de cette date.";
            var result = await sender.Send(new PublishNoticeCommand(title, text, change.EffectiveOn, new NoticeAudience(false, [category], null, null), key), cancellationToken);
            if (result.IsSuccess && result.Value.Notified >= 0) published++;
        }

        return published;
    }
}

internal sealed class RegulatoryNoticeEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{NotificationsRoutes.Operator}/regulatory-notices", async (PublishNoticeRequest body, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new PublishNoticeCommand(body.Title, body.Text, body.EffectiveOn, body.Audience, Link: body.Link), ct);
                return result.IsSuccess ? TypedResults.Created($"{NotificationsRoutes.Operator}/regulatory-notices/{result.Value.NoticeId}", result.Value) : result.Error!.ToProblem();
            })
            .WithName("PublishRegulatoryNotice")
            .WithTags(NotificationsRoutes.OperatorTag)
            .WithSummary("Publishes a notice of regulatory change (title, text, effective date, optional https link) to the accounts it concerns: all, or by categories, " +
                         "departments and declaration frequencies; they are told on regulatory_updates and see it on their dashboard.")
            .RequireAuthorization(Policies.Operator)
            .Produces<PublishedNoticeResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
}
