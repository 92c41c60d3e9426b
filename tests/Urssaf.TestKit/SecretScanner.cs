using System.Numerics;
using System.Text.RegularExpressions;

namespace Urssaf.TestKit;

/// <summary>
/// Finds what must never reach a log (SECURITY.md: no NIR, IBAN, tokens or secrets): valid NIRs and IBANs (checked
/// with their keys, so an unrelated number does not count), JWTs, the service's opaque tokens, and any value a test
/// registers as secret (passwords, codes). Every <see cref="UrssafApp"/> scans all its logs when it is disposed.
/// </summary>
public static partial class SecretScanner
{
    public static IReadOnlyList<string> Find(IEnumerable<string> lines, IEnumerable<string> knownSecrets)
    {
        var secrets = knownSecrets.Where(s => s.Length >= 6).Distinct().ToList();
        var found = new List<string>();
        foreach (var line in lines)
        {
            if (Nir().Matches(line).Any(m => ValidNir(m.Value))) found.Add("NIR: " + Excerpt(line));
            if (Iban().Matches(line).Any(m => ValidIban(m.Value))) found.Add("IBAN: " + Excerpt(line));
            if (Jwt().IsMatch(line)) found.Add("JWT: " + Excerpt(line));
            foreach (var secret in secrets)
                if (line.Contains(secret, StringComparison.Ordinal)) found.Add($"secret #{secrets.IndexOf(secret)}: " + Excerpt(line));
        }

        return found;
    }

    private static string Excerpt(string line) => line.Length > 160 ? line[..160] + "…" : line;

    private static bool ValidNir(string nir)
    {
        var digits = nir[..13].Replace("2A", "19", StringComparison.Ordinal).Replace("2B", "18", StringComparison.Ordinal);
        return long.TryParse(digits, out var n) && 97 - n % 97 == int.Parse(nir[13..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool ValidIban(string text)
    {
        var iban = text.Replace(" ", "", StringComparison.Ordinal);
        var rearranged = iban[4..] + iban[..4];
        var numeric = string.Concat(rearranged.Select(c => char.IsLetter(c) ? (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : c.ToString()));
        return BigInteger.Parse(numeric, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-478]\d{4}(?:\d{2}|2A|2B)\d{8}(?![0-9A-Za-z])")]
    private static partial Regex Nir();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])")]
    private static partial Regex Iban();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")]
    private static partial Regex Jwt();
}
