using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Security;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>ADR 40: sensitive payloads and message bodies are sealed before they are written, and still delivered.</summary>
public sealed class SensitivePayloadTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    [Fact]
    public void A_sealed_value_opens_only_with_its_key_and_its_row_and_unsealed_text_reads_as_it_is()
    {
        var protector = new AtRestProtector(RandomNumberGenerator.GetBytes(32));
        var sealedText = protector.SealText("lien secret", "row-1");
        Assert.StartsWith(AtRestProtector.Prefix, sealedText, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", sealedText, StringComparison.Ordinal);
        Assert.NotEqual(sealedText, protector.SealText("lien secret", "row-1")); // a fresh nonce each time
        Assert.Equal("lien secret", protector.OpenText(sealedText, "row-1"));
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenText(sealedText, "row-2"));
        Assert.ThrowsAny<CryptographicException>(() => new AtRestProtector(RandomNumberGenerator.GetBytes(32)).OpenText(sealedText, "row-1"));
        var bytes = Convert.FromBase64String(sealedText[AtRestProtector.Prefix.Length..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenText(AtRestProtector.Prefix + Convert.ToBase64String(bytes), "row-1"));
        Assert.Equal("{\"legacy\":true}", protector.OpenText("{\"legacy\":true}", "row-1"));
    }

    [Fact]
    public async Task A_one_time_code_is_sealed_in_the_inbox_and_the_outgoing_message_never_in_clear_on_disk_and_still_arrives()
    {
        const string code = "804213";
        var e = new ActivationSmsRequested(Guid.NewGuid(), DateTime.UtcNow, Guid.NewGuid(), "+33699887766", code, DateTime.UtcNow.AddMinutes(10));
        await app.DeliverToAsync("notifications", e); // written as a relay would, in clear: sealed on its way to the table
        var inbox = await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().InboxMessages.AsNoTracking().SingleAsync(m => m.Id == e.EventId));
        Assert.StartsWith(AtRestProtector.Prefix, inbox.Content, StringComparison.Ordinal);

        // handled but not yet sent: the SMS body is sealed too
        await app.Services.GetServices<IModuleMessaging>().Single(m => m.Module == "notifications").ProcessInboxAsync(CancellationToken.None);
        var queued = await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages.AsNoTracking()
            .SingleAsync(m => m.SourceEventId == e.EventId));
        Assert.StartsWith(AtRestProtector.Prefix, queued.TextBody, StringComparison.Ordinal);
        Assert.False(InClear(code), "the code rests in clear in notifications.db");

        await app.DrainAsync();
        Assert.Contains(code, Assert.Single(app.SmsTo("+33699887766")).Text, StringComparison.Ordinal);
        Assert.False(InClear(code), "the code rests in clear in notifications.db after the send");
    }

    /// <summary>The code as the event's JSON or the SMS text would hold it (six digits alone occur by chance in binary pages).</summary>
    private bool InClear(string code) => OnDisk($"\"{code}\"") || OnDisk($"est {code}");

    private bool OnDisk(string text) => Directory.GetFiles(app.DataDirectory, "notifications.db*").Any(file =>
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (FileNotFoundException)
        {
            return false; // the -shm or -wal file went with the last connection between the listing and the read
        }

        return bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    });
}
