using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Identity.Contracts.IntegrationEvents;

/// <summary>
/// The account was closed (GDPR art. 17, ADR 0111): every module ends what acts for it (mandates, reminders) and erases at
/// once what no law requires it to keep; what it must keep stays until <see cref="AccountRetentionEnded"/>.
/// </summary>
public sealed record AccountClosed(Guid EventId, DateTime OccurredOnUtc, Guid AccountId) : IIntegrationEvent;

/// <summary>The legal retention of a closed account's records ended: every module deletes what it still holds about it.</summary>
public sealed record AccountRetentionEnded(Guid EventId, DateTime OccurredOnUtc, Guid AccountId, DateTime ClosedOnUtc) : IIntegrationEvent;

/// <summary>A data export is ready: tell its owner it can be downloaded until <paramref name="ExpiresAtUtc"/>.</summary>
public sealed record DataExportReady(Guid EventId, DateTime OccurredOnUtc, Guid AccountId, Guid ExportId, string FirstName, string Email,
    DateTime ExpiresAtUtc) : IIntegrationEvent;
