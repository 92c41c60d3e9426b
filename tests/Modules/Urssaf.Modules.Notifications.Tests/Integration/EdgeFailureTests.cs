using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>
/// The gateways failing on demand, substituted at their interface (ADR 0127): the SMS gateway down, the SMTP relay
/// refusing, the gateway timing out. The wire formats themselves are tested against loopback servers (DeliveryTests).
/// </summary>
public sealed class EdgeFailureTests : IDisposable
{
    private readonly ISmsChannel _sms = Substitute.For<ISmsChannel>();
    private readonly IEmailChannel _email = Substitute.For<IEmailChannel>();
    private readonly UrssafApp _app;

    public EdgeFailureTests() => _app = new UrssafApp().Replacing(_sms).Replacing(_email).With("Notifications:MaxDeliveryAttempts", "3");

    [Fact]
    public async Task An_sms_gateway_that_is_down_is_retried_after_a_backoff_and_the_message_leaves_once_it_is_back()
    {
        _sms.SendAsync(default!, default).ThrowsAsyncForAnyArgs(new HttpRequestException("Connection refused (sms-gateway:443)"));
        var e = Events.Sms(_app, "+33644444444");
        await _app.DeliverAsync(e);
        await _app.DrainAsync();

        var pending = await MessageOf(e.EventId);
        Assert.Equal((DeliveryStatus.Pending, 1), (pending.Status, pending.Attempts));
        Assert.Contains("Connection refused", pending.LastError);
        Assert.Equal(0, await _app.DrainAsync()); // backing off: no second try at once

        _sms.SendAsync(default!, default).ReturnsForAnyArgs("gw-42");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.DrainAsync();

        var sent = await MessageOf(e.EventId);
        Assert.Equal((DeliveryStatus.Sent, "gw-42"), (sent.Status, sent.ProviderId));
        await _sms.ReceivedWithAnyArgs(2).SendAsync(default!, default);
    }

    [Fact]
    public async Task An_smtp_relay_that_refuses_the_recipient_ends_the_message_failed_after_the_configured_attempts()
    {
        _email.SendAsync(default!, default).ThrowsAsyncForAnyArgs(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted,
            SmtpStatusCode.MailboxUnavailable, "550 5.1.1 mailbox unavailable"));
        var e = Events.Email(_app, "nobody@example.test");
        await _app.DeliverAsync(e);
        for (var i = 0; i < 5; i++)
        {
            await _app.DrainAsync();
            _app.Clock.Advance(TimeSpan.FromHours(1));
        }

        var failed = await MessageOf(e.EventId);
        Assert.Equal((DeliveryStatus.Failed, 3), (failed.Status, failed.Attempts)); // Notifications:MaxDeliveryAttempts
        Assert.Contains("550 5.1.1", failed.LastError);
        await _email.ReceivedWithAnyArgs(3).SendAsync(default!, default);
    }

    [Fact]
    public async Task A_gateway_timeout_counts_as_a_failed_attempt_and_does_not_stop_the_other_messages()
    {
        _sms.SendAsync(Arg.Is<OutgoingMessage>(m => m.Recipient == "+33655555555"), Arg.Any<CancellationToken>())
            .ThrowsAsync(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.",
                new TimeoutException()));
        _sms.SendAsync(Arg.Is<OutgoingMessage>(m => m.Recipient == "+33666666666"), Arg.Any<CancellationToken>()).Returns("gw-7");
        var slow = Events.Sms(_app, "+33655555555");
        var fine = Events.Sms(_app, "+33666666666");
        await _app.DeliverAsync(slow);
        await _app.DeliverAsync(fine);
        await _app.DrainAsync();

        var timedOut = await MessageOf(slow.EventId);
        Assert.Equal((DeliveryStatus.Pending, 1), (timedOut.Status, timedOut.Attempts));
        Assert.Contains("Timeout", timedOut.LastError);
        Assert.Equal(DeliveryStatus.Sent, (await MessageOf(fine.EventId)).Status);
    }

    private Task<OutgoingMessage> MessageOf(Guid eventId) => _app.ScopedAsync(sp =>
        sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages.AsNoTracking().SingleAsync(m => m.SourceEventId == eventId));

    public void Dispose() => _app.Dispose();
}
