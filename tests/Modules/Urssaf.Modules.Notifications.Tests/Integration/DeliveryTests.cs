using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Messaging;
using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

internal static class Events
{

    public static Task DeliverAsync<T>(this UrssafApp app, T e) where T : IIntegrationEvent =>
        app.DeliverToAsync("notifications", e);

    public static ActivationEmailRequested Email(UrssafApp app, string to) =>
        new(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(), "Élodie", to, "tok_" + Guid.NewGuid().ToString("N"), app.Clock.GetUtcNow().UtcDateTime.AddHours(24));

    public static ActivationSmsRequested Sms(UrssafApp app, string to) =>
        new(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(), to, "482913", app.Clock.GetUtcNow().UtcDateTime.AddMinutes(10));
}

/// <summary>The embedded default: .eml and JSON files, parsed back.</summary>
public sealed class FileDeliveryTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    [Fact]
    public async Task The_activation_email_is_an_RFC_5322_file_with_text_and_HTML_and_the_link()
    {
        var e = Events.Email(app, "elodie@example.test");
        await app.DeliverAsync(e);
        await app.DrainAsync();
        var mail = Assert.Single(app.EmailsTo("elodie@example.test"));
        Assert.Equal("Activez votre compte Urssaf auto-entrepreneur", mail.Subject);
        Assert.Contains("Bonjour Élodie", mail.TextBody);
        Assert.Contains("<a href=\"http://localhost:5080/activation?token=", mail.HtmlBody);
        Assert.Equal(e.Token, Delivered.ActivationToken(mail));
        Assert.Equal("ne-pas-repondre@urssaf-account.fr", mail.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_duplicated_event_sends_one_message_and_a_sent_secret_is_erased()
    {
        var e = Events.Sms(app, "+33611111111");
        await app.DeliverAsync(e);
        await app.DrainAsync();
        await app.DeliverAsync(e with { }); // the same event id again
        // the same event under another delivery id gets past the inbox: the message queue itself refuses a second message
        await app.Services.GetServices<IModuleMessaging>().Single(m => m.Module == "notifications").ReceiveAsync(Guid.NewGuid(),
            "identity.ActivationSmsRequested", JsonSerializer.Serialize(e, new JsonSerializerOptions(JsonSerializerDefaults.Web)), CancellationToken.None);
        await app.DrainAsync();
        var sms = Assert.Single(app.SmsTo("+33611111111"));
        Assert.Contains("482913", sms.Text);
        var stored = await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages.AsNoTracking().SingleAsync(m => m.SourceEventId == e.EventId));
        Assert.Equal(DeliveryStatus.Sent, stored.Status);
        Assert.DoesNotContain("482913", stored.TextBody);
        var inbox = await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().InboxMessages.AsNoTracking().SingleAsync(m => m.Id == e.EventId));
        Assert.DoesNotContain("482913", inbox.Content);
    }
}

/// <summary>Real SMTP to an in-process server, and an HTTP SMS gateway on loopback, including failures.</summary>
public sealed class GatewayDeliveryTests : IAsyncLifetime
{
    private readonly LoopbackSmtpServer _smtp = new();
    private readonly LoopbackSmsGateway _gateway = new();
    private UrssafApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new UrssafApp()
            .With("Notifications:Smtp:Host", "127.0.0.1")
            .With("Notifications:Smtp:Port", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:Security", "None") // a relay on loopback
            .With("Notifications:SmsGateway:Url", _gateway.Url + "/sms")
            .With("Notifications:SmsGateway:ApiKey", "gateway-key")
            .With("Notifications:MaxDeliveryAttempts", "4");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Email_goes_through_SMTP_and_SMS_through_the_gateway()
    {
        await _app.DeliverAsync(Events.Email(_app, "smtp@example.test"));
        await _app.DeliverAsync(Events.Sms(_app, "+33622222222"));
        await _app.DrainAsync();

        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal("smtp@example.test", mail.To.Mailboxes.Single().Address);
        Assert.Contains("/activation?token=tok_", mail.TextBody);
        var sms = Assert.Single(_gateway.Received);
        Assert.Equal(("+33622222222", "Bearer gateway-key"), (sms.To, sms.Authorization));
        var providerIds = await _app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages.Select(m => m.ProviderId).ToListAsync());
        Assert.Contains("gw-1", providerIds);
    }

    [Fact]
    public async Task A_failing_gateway_is_retried_with_backoff_then_the_message_ends_failed_with_its_error()
    {
        _gateway.StatusToAnswer = 503;
        var e = Events.Sms(_app, "+33633333333");
        await _app.DeliverAsync(e);
        await _app.DrainAsync();
        Assert.Single(_gateway.Received);
        Assert.Equal(0, await _app.DrainAsync()); // backing off

        for (var i = 0; i < 10; i++)
        {
            _app.Clock.Advance(TimeSpan.FromHours(1));
            await _app.DrainAsync();
        }

        var message = await _app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages.AsNoTracking().SingleAsync(m => m.SourceEventId == e.EventId));
        Assert.Equal(DeliveryStatus.Failed, message.Status);
        Assert.Equal(4, message.Attempts); // Notifications:MaxDeliveryAttempts
        Assert.Contains("503", message.LastError);
        Assert.Equal(4, _gateway.Received.Count);
        Assert.DoesNotContain("482913", message.TextBody); // a dead message keeps no secret
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _smtp.DisposeAsync();
        await _gateway.DisposeAsync();
    }
}
