using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Urssaf.Modules.Notifications.Domain;

namespace Urssaf.Modules.Notifications.Channels;

/// <summary>The <c>Notifications:*</c> section.</summary>
internal sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public string FromAddress { get; set; } = "ne-pas-repondre@urssaf-account.fr";
    public string FromName { get; set; } = "Urssaf — compte auto-entrepreneur";

    /// <summary>Base of the links put in messages (the activation link is <c>{base}/activation?token=…</c>).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>A link of the public site carrying a one-time token, e.g. <c>{base}/activation?token=…</c>.</summary>
    public string LinkWithToken(string path, string token) => $"{PublicBaseUrl.TrimEnd('/')}/{path}?token={Uri.EscapeDataString(token)}";

    /// <summary>Delivery attempts of one message before it stays <c>failed</c> with its last error.</summary>
    public int MaxDeliveryAttempts { get; set; } = 8;

    /// <summary>How long a claimed message stays reserved to the process sending it; longer than any send (SMTP, SMS gateway).</summary>
    public int DeliveryLeaseSeconds { get; set; } = 120;

    public SmtpOptions Smtp { get; set; } = new();
    public SmsGatewayOptions SmsGateway { get; set; } = new();
}

/// <summary>How the SMTP connection is protected (<c>Notifications:Smtp:Security</c>).</summary>
internal enum SmtpSecurity
{
    /// <summary>STARTTLS is required: a server that does not offer it (or whose offer was stripped) gets nothing.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>Clear text: only to a relay on loopback, or outside production (Development, Testing).</summary>
    None,
}

internal sealed class SmtpOptions
{
    /// <summary>When empty, e-mails are written as .eml files under &lt;data&gt;/mail (the embedded default).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary><see cref="SmtpSecurity.StartTls"/> unless configured; never falls back to clear text by itself.</summary>
    public SmtpSecurity? Security { get; set; }

    /// <summary>Former switch, read only when <see cref="Security"/> is not set: <c>false</c> means <see cref="SmtpSecurity.None"/>.</summary>
    public bool? UseStartTls { get; set; }

    public string? UserName { get; set; }
    public string? Password { get; set; }

    public SmtpSecurity EffectiveSecurity => Security ?? (UseStartTls == false ? SmtpSecurity.None : SmtpSecurity.StartTls);

    /// <summary>Why this configuration is refused at start, or null: clear text leaves the machine only outside production.</summary>
    public string? SecurityProblem(bool nonProduction)
    {
        if (string.IsNullOrEmpty(Host) || EffectiveSecurity != SmtpSecurity.None || nonProduction || IsLoopback(Host)) return null;
        return $"Notifications:Smtp:Security = None (clear text) is allowed only for a relay on loopback or in Development and Testing; " +
               $"'{Host}' is not a loopback host. Use StartTls (the default) or SslOnConnect.";
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
}

internal sealed class SmsGatewayOptions
{
    /// <summary>When empty, SMS are written as JSON files under &lt;data&gt;/sms (the embedded default).</summary>
    public string? Url { get; set; }
    public string? ApiKey { get; set; }
}

internal interface IEmailChannel
{
    /// <summary>Delivers the message; returns the provider's id (the Message-Id).</summary>
    Task<string> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

internal interface ISmsChannel
{
    Task<string> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

internal static class Mime
{
    public static MimeMessage Build(OutgoingMessage message, NotificationOptions options)
    {
        var mime = new MimeMessage { Subject = message.Subject ?? "", Date = message.CreatedOnUtc };
        mime.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.MessageId = $"{message.Id:N}@urssaf-account.fr";
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }
}

/// <summary>
/// What the file channels share with a real gateway: a message id seen before is not delivered again. The duplicate is
/// dropped and counted, one line per duplicate in <c>duplicates.log</c>, so that a test (or an operator) sees re-sends.
/// </summary>
internal static class FileDelivery
{
    public static async Task WriteOnceAsync(string directory, string path, Func<Stream, CancellationToken, Task> write, Guid id, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        if (File.Exists(path))
        {
            await File.AppendAllTextAsync(Path.Combine(directory, "duplicates.log"), $"{id:N}\n", ct);
            return;
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp"; // two senders of one id never share a temporary file
        await using (var file = File.Create(temporary))
        {
            await write(file, ct);
            await file.FlushAsync(ct);
            file.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false); // readers never see a half-written file; the first of two racing sends wins
            SharedKernel.Infrastructure.Storage.DurableFiles.SyncDirectory(directory); // delivered means on disk, before it is recorded as sent
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            await File.AppendAllTextAsync(Path.Combine(directory, "duplicates.log"), $"{id:N}\n", ct);
        }
    }
}

/// <summary>The embedded default: one RFC 5322 .eml file per message in &lt;data&gt;/mail, named after its Message-ID.</summary>
internal sealed class FileEmailChannel(string directory, NotificationOptions options) : IEmailChannel
{
    public async Task<string> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var mime = Mime.Build(message, options);
        var path = Path.Combine(directory, $"{message.CreatedOnUtc:yyyyMMddTHHmmssfff}-{message.Id:N}.eml");
        await FileDelivery.WriteOnceAsync(directory, path, (file, ct) => mime.WriteToAsync(file, ct), message.Id, cancellationToken);
        return mime.MessageId ?? message.Id.ToString("N");
    }
}

/// <summary>Real SMTP through MailKit when <c>Notifications:Smtp:Host</c> is set.</summary>
internal sealed class SmtpEmailChannel(NotificationOptions options) : IEmailChannel
{
    public async Task<string> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Smtp;
        var mime = Mime.Build(message, options);
        using var client = new SmtpClient();
        var security = smtp.EffectiveSecurity switch
        {
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls, // fails when the server does not offer STARTTLS: never downgraded to clear text
        };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        return mime.MessageId ?? message.Id.ToString("N");
    }
}

/// <summary>The embedded default: one JSON file per SMS in &lt;data&gt;/sms with <c>to</c>, <c>text</c>, <c>sentAt</c>.</summary>
internal sealed class FileSmsChannel(string directory, TimeProvider clock) : ISmsChannel
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<string> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, $"{message.CreatedOnUtc:yyyyMMddTHHmmssfff}-{message.Id:N}.json");
        var json = JsonSerializer.SerializeToUtf8Bytes(new { to = message.Recipient, text = message.TextBody, sentAt = clock.GetUtcNow().UtcDateTime, id = message.Id }, Readable);
        await FileDelivery.WriteOnceAsync(directory, path, (file, ct) => file.WriteAsync(json, ct).AsTask(), message.Id, cancellationToken);
        return message.Id.ToString("N");
    }
}

/// <summary>An HTTP SMS gateway: POST {to, text, reference} with a bearer key; the answer's <c>id</c> is the provider id.</summary>
internal sealed class HttpSmsChannel(IHttpClientFactory clients, NotificationOptions options) : ISmsChannel
{
    public const string ClientName = "sms-gateway";

    public async Task<string> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.SmsGateway.Url)
        {
            Content = JsonContent.Create(new { to = message.Recipient, text = message.TextBody, reference = message.Id }),
        };
        if (!string.IsNullOrEmpty(options.SmsGateway.ApiKey)) request.Headers.Authorization = new("Bearer", options.SmsGateway.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.TryGetProperty("id", out var id) ? id.ToString() : message.Id.ToString("N");
    }
}
