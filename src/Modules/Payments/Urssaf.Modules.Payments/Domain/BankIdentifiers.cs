using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Urssaf.Modules.Payments.Domain;

/// <summary>ISO 13616 IBAN: country length and ISO 7064 MOD 97-10 check (DOMAIN.md §7, SECURITY.md §5.4).</summary>
internal static partial class Iban
{
    /// <summary>IBAN lengths of the SEPA countries and territories (SWIFT IBAN registry).</summary>
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MT"] = 31,
        ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
        ["VA"] = 22,
    }.ToFrozenDictionary();

    /// <summary>Removes spaces and upper-cases; the stored and compared form.</summary>
    public static string Normalize(string value) => value.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    public static bool IsValid(string? value)
    {
        if (value is null) return false;
        var iban = Normalize(value);
        if (iban.Length < 5 || !Shape().IsMatch(iban)) return false;
        if (!Lengths.TryGetValue(iban[..2], out var length) || iban.Length != length) return false;
        if (Mod97(iban[4..] + iban[..4]) != 1) return false;
        return iban[..2] is not ("FR" or "MC") || FrenchBban(iban[4..]);
    }

    /// <summary>
    /// French BBAN (also Monaco): bank (5 digits), branch (5 digits), account (11 alphanumerics), RIB key (2 digits) with
    /// key = 97 − ((89 × bank + 15 × branch + 3 × account) mod 97), account letters read as digits (A/J → 1, B/K/S → 2 … I/R/Z → 9).
    /// The structure and the second check catch what MOD 97-10 alone lets through (a digit changed into a letter).
    /// </summary>
    private static bool FrenchBban(string bban)
    {
        if (!FrenchShape().IsMatch(bban)) return false;
        long bank = long.Parse(bban[..5], CultureInfo.InvariantCulture), branch = long.Parse(bban[5..10], CultureInfo.InvariantCulture);
        long account = 0;
        foreach (var c in bban[10..21]) account = account * 10 + RibDigit(c);
        var key = int.Parse(bban[21..], CultureInfo.InvariantCulture);
        return key == 97 - (int)((89 * bank + 15 * branch + 3 * (account % 97)) % 97);
    }

    private static int RibDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'I' => c - 'A' + 1,
        >= 'J' and <= 'R' => c - 'J' + 1,
        _ => c - 'S' + 2,
    };

    [GeneratedRegex("^[0-9]{10}[A-Z0-9]{11}[0-9]{2}$")]
    private static partial Regex FrenchShape();

    /// <summary>ISO 7064 MOD 97-10 over alphanumerics (A = 10 … Z = 35), digit by digit, without big integers.</summary>
    internal static int Mod97(string alphanumeric)
    {
        var remainder = 0;
        foreach (var c in alphanumeric)
        {
            if (c is >= '0' and <= '9') remainder = (remainder * 10 + (c - '0')) % 97;
            else if (c is >= 'A' and <= 'Z') remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            else return -1;
        }

        return remainder;
    }

    /// <summary>Country and check digits, then the last four characters (SECURITY.md: IBAN masked in every response).</summary>
    public static string Mask(string iban) => iban[..4] + new string('*', iban.Length - 8) + iban[^4..];

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")]
    private static partial Regex Shape();
}

/// <summary>ISO 9362 BIC, format only, as the pain.008 XSD pattern (DOMAIN.md §7).</summary>
internal static partial class Bic
{
    public static bool IsValid(string? value) => value is not null && Shape().IsMatch(value);

    [GeneratedRegex("^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$")]
    private static partial Regex Shape();
}

/// <summary>
/// SEPA Creditor Identifier (ICS, EPC262-08): country, MOD 97-10 check digits computed over the national identifier
/// followed by the country and "00", the creditor business code (positions 5–7) excluded (SECURITY.md §5.4).
/// </summary>
internal static partial class CreditorIdentifier
{
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is < 8 or > 35 || !Shape().IsMatch(value)) return false;
        if (value.StartsWith("FR", StringComparison.Ordinal) && value.Length != 13) return false;
        return Iban.Mod97(value[7..] + value[..4]) == 1;
    }

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]+$")]
    private static partial Regex Shape();
}
