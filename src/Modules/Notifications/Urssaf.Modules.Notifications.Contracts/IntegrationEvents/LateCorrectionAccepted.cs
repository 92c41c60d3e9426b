using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Notifications.Contracts.IntegrationEvents;

/// <summary>One corrected line: whole euros of turnover in a category.</summary>
public sealed record LateCorrectionLine(ActivityCategory Category, long Turnover);

/// <summary>
/// An adviser accepted, in a secure-messaging thread, the correction of a declaration past its due date. Declarations
/// records it as a new version ("late_correction") and announces the new amounts like any correction.
/// </summary>
public sealed record LateCorrectionAccepted(
    Guid EventId,
    DateTime OccurredOnUtc,
    Guid RequestId,
    Guid ThreadId,
    Guid AccountId,
    string Period,
    IReadOnlyList<LateCorrectionLine> Lines,
    string AcceptedBy) : IIntegrationEvent;
