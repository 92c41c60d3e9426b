using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Notifications.Contracts.IntegrationEvents;

/// <summary>A notice of regulatory change was published: the dashboards that show notices are out of date.</summary>
public sealed record RegulatoryNoticePublished(Guid EventId, DateTime OccurredOnUtc, Guid NoticeId) : IIntegrationEvent;
