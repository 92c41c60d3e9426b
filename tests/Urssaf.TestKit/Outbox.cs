using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace Urssaf.TestKit;

/// <summary>Reads what the embedded default delivered: .eml files in &lt;data&gt;/mail, JSON files in &lt;data&gt;/sms.</summary>
public static partial class Delivered
{
    public static IReadOnlyList<MimeMessage> EmailsTo(this UrssafApp app, string address) => EmailsIn(app.DataDirectory, address);

    public static IReadOnlyList<(string To, string Text, DateTime SentAt)> SmsTo(this UrssafApp app, string e164) => SmsIn(app.DataDirectory, e164);

    /// <summary>The e-mails delivered to an address under a data directory (also of a host running as another process).</summary>
    public static IReadOnlyList<MimeMessage> EmailsIn(string dataDirectory, string address)
    {
        var directory = Path.Combine(dataDirectory, "mail");
        if (!Directory.Exists(directory)) return [];
        return Directory.GetFiles(directory, "*.eml").Order()
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public static IReadOnlyList<(string To, string Text, DateTime SentAt)> SmsIn(string dataDirectory, string e164)
    {
        var directory = Path.Combine(dataDirectory, "sms");
        if (!Directory.Exists(directory)) return [];
        return Directory.GetFiles(directory, "*.json").Order()
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Select(e => (e.GetProperty("to").GetString()!, e.GetProperty("text").GetString()!, e.GetProperty("sentAt").GetDateTime()))
            .Where(s => s.Item1 == e164)
            .ToList();
    }

    /// <summary>The <c>token</c> query parameter of the activation link in an e-mail.</summary>
    public static string ActivationToken(MimeMessage email) =>
        Uri.UnescapeDataString(TokenPattern().Match(email.TextBody ?? "").Groups[1].Value);

    public static string SixDigitCode(string sms) => CodePattern().Match(sms).Value;

    [GeneratedRegex(@"[?&]token=([^\s&]+)")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex CodePattern();
}
