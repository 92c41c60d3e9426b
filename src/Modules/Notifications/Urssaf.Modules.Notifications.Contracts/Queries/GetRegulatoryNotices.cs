using Mediator;

namespace Urssaf.Modules.Notifications.Contracts.Queries;

/// <summary>A regulatory notice as an account's dashboard shows it; <see cref="Link"/> is the official text or page (https), if any.</summary>
public sealed record RegulatoryNoticeView(Guid NoticeId, string Title, string Text, DateOnly EffectiveOn, DateTime PublishedAt, string? Link = null);

/// <summary>
/// The regulatory notices that concern an account (its category, department and declaration frequency, or all accounts),
/// effective in the future or within the last 90 days, newest first. Asked by Compliance for the dashboard.
/// </summary>
public sealed record GetRegulatoryNotices(Guid AccountId, DateOnly Today) : IQuery<IReadOnlyList<RegulatoryNoticeView>>;
