using Mediator;

namespace Urssaf.Modules.Notifications.Contracts.Queries;

/// <summary>A regulatory notice as an account's dashboard shows it.</summary>
public sealed record RegulatoryNoticeView(Guid NoticeId, string Title, string Text, DateOnly EffectiveOn, DateTime PublishedAt);

/// <summary>
/// The regulatory notices that concern an account (its category, department and declaration frequency, or all accounts),
/// effective in the future or within the last 90 days, newest first. Asked by Compliance for the dashboard.
/// </summary>
public sealed record GetRegulatoryNotices(Guid AccountId, DateOnly Today) : IQuery<IReadOnlyList<RegulatoryNoticeView>>;
