using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>
/// STARTTLS is required unless clear text is configured for a local relay: a server that does not offer it (an attacker
/// stripped it, or it never had it) gets nothing, and the message is retried then ends failed as any delivery failure.
/// </summary>
public sealed class SmtpSecurityTests : IAsyncLifetime
{
    private readonly LoopbackSmtpServer _smtp = new(); // offers no STARTTLS (no certificate)
    private UrssafApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new UrssafApp()
            .With("Notifications:Smtp:Host", "127.0.0.1")
            .With("Notifications:Smtp:Port", _smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("Notifications:MaxDeliveryAttempts", "3");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_server_without_STARTTLS_gets_nothing_in_clear_text_and_the_message_ends_failed()
    {
        var e = Events.Email(_app, "starttls@example.test");
        _app.Secrets.Add(e.Token);
        await _app.DeliverAsync(e);
        await _app.DrainAsync();
        for (var i = 0; i < 5; i++)
        {
            _app.Clock.Advance(TimeSpan.FromHours(1));
            await _app.DrainAsync();
        }

        Assert.Empty(_smtp.Messages);
        var message = await _app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages.AsNoTracking()
            .SingleAsync(m => m.SourceEventId == e.EventId));
        Assert.Equal(DeliveryStatus.Failed, message.Status);
        Assert.Equal(3, message.Attempts);
        Assert.Contains("STARTTLS", message.LastError);
    }

    [Theory]
    [InlineData(null, null, "StartTls")]
    [InlineData("SslOnConnect", null, "SslOnConnect")]
    [InlineData(null, false, "None")]
    [InlineData("StartTls", false, "StartTls")]
    public void StartTls_is_the_default_and_the_former_switch_still_reads(string? security, bool? useStartTls, string expected)
    {
        var options = new SmtpOptions { Host = "smtp.example.test", Security = security is null ? null : Enum.Parse<SmtpSecurity>(security), UseStartTls = useStartTls };
        Assert.Equal(expected, options.EffectiveSecurity.ToString());
    }

    [Theory]
    [InlineData("smtp.example.test", false, false)]
    [InlineData("smtp.example.test", true, true)]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("localhost", false, true)]
    public void Clear_text_is_allowed_only_to_loopback_or_outside_production(string host, bool nonProduction, bool allowed)
    {
        var options = new SmtpOptions { Host = host, Security = SmtpSecurity.None };
        Assert.Equal(allowed, options.SecurityProblem(nonProduction) is null);
        Assert.Null(new SmtpOptions { Host = host }.SecurityProblem(nonProduction)); // StartTls is always allowed
    }

    [Fact]
    public void A_Staging_host_refuses_clear_text_SMTP_to_a_remote_relay_at_start()
    {
        using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Staging");
            b.UseSetting("Storage:DataDirectory", Path.Combine(_app.DataDirectory, "staging"));
            b.UseSetting("Messaging:SchedulerEnabled", "false");
            b.UseSetting("Jwt:SigningKey", Convert.ToBase64String(new byte[32]));
            b.UseSetting("Operator:Key", UrssafApp.OperatorKey);
            b.UseSetting("Messaging:PayloadKey", Convert.ToBase64String(new byte[32])); // every key a Staging start requires, so the SMTP check is what fails
            b.UseSetting("Journal:SigningKey", Convert.ToBase64String(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKey()));
            using var oauthKey = System.Security.Cryptography.RSA.Create(2048); // third parties' token keys are checked at start too (ADR 60)
            b.UseSetting("Identity:OAuth:SigningKeyPem", oauthKey.ExportPkcs8PrivateKeyPem());
            b.UseSetting("Identity:OAuth:EncryptionKey", Convert.ToBase64String(new byte[32]));
            b.UseSetting("Notifications:Smtp:Host", "smtp.example.test");
            b.UseSetting("Notifications:Smtp:Security", "None");
        });
        var error = Assert.ThrowsAny<Exception>(() => host.Services).ToString();
        Assert.Contains("Notifications:Smtp:Security", error);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _smtp.DisposeAsync();
    }
}
