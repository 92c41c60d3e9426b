using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Identity.Contracts.IntegrationEvents;

/// <summary>What a verification code proves (<see cref="VerificationCodeRequested.Purpose"/>).</summary>
public static class VerificationPurposes
{
    /// <summary>A new e-mail address, mobile number or secret question being set.</summary>
    public const string ContactChange = "contact_change";

    /// <summary>Someone who lost a channel proves they still hold the other one.</summary>
    public const string ChannelRecovery = "channel_recovery";
}

/// <summary>
/// Send a six-digit code (10 min, 5 tries) to one channel: <see cref="Channel"/> is <c>email</c> or <c>sms</c>, and
/// <see cref="Recipient"/> the address or the E.164 number.
/// </summary>
public sealed record VerificationCodeRequested(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string Purpose, string Channel, string Recipient, string FirstName, string Code,
    DateTime ExpiresAtUtc) : ISensitiveIntegrationEvent;

/// <summary>
/// The account's contact points changed: Notifications delivers to <see cref="Email"/> and <see cref="MobilePhone"/>
/// from now on, and sends the notice to <see cref="NoticeEmail"/> and/or <see cref="NoticePhone"/> (the old channel),
/// with a "this was not me" link when <see cref="CancelToken"/> is set. <see cref="Change"/> is <c>email</c>,
/// <c>phone</c> or <c>secret_question</c>; <see cref="Reason"/> is <c>changed</c>, <c>cancelled</c> (the link was
/// used: every session ended) or <c>restored_after_review</c> (a lost channel replaced after an adviser's review).
/// </summary>
public sealed record ContactDetailsChanged(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, string MobilePhone, string Change, string Reason,
    string? NoticeEmail, string? NoticePhone, string? CancelToken, DateTime? CancelExpiresAtUtc) : ISensitiveIntegrationEvent;

/// <summary>An adviser refused to replace a lost channel: tell the person on the channel they kept.</summary>
public sealed record ChannelRecoveryRefused(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string? Email, string? MobilePhone) : IIntegrationEvent;

/// <summary>
/// Someone proved an identity and asked to replace this account's e-mail address or mobile as lost; an adviser will
/// review it. Tell the channel said to be lost (<see cref="Email"/> or <see cref="MobilePhone"/>): if it is not lost,
/// its owner can object (3957) before the decision.
/// </summary>
public sealed record ChannelRecoveryUnderReview(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string? Email, string? MobilePhone) : IIntegrationEvent;
