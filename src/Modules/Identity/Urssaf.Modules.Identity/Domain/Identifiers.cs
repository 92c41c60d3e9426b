namespace Urssaf.Modules.Identity.Domain;

/// <summary>French identifiers (DOMAIN.md §7), checked exactly as python-stdnum does.</summary>
internal static class Identifiers
{
    private const string LaPosteSiren = "356000000";
    private const string LaPosteHeadOffice = "35600000000048";

    /// <summary>SIREN: 9 digits, Luhn over them (DOMAIN.md §7, python-stdnum <c>fr/siren.py</c>).</summary>
    public static bool IsValidSiren(string? value) => value is { Length: 9 } && value.All(char.IsAsciiDigit) && Luhn(value);

    /// <summary>
    /// SIRET (DOMAIN.md §7, python-stdnum <c>fr/siret.py</c>): 14 digits whose SIREN passes Luhn on its own, and Luhn over all
    /// 14 digits — except La Poste's establishments (SIREN 356000000) other than its head office 35600000000048, which are
    /// valid when the sum of the 14 digits is a multiple of 5, and by nothing else.
    /// </summary>
    public static bool IsValidSiret(string? value)
    {
        if (value is not { Length: 14 } || !value.All(char.IsAsciiDigit) || !IsValidSiren(value[..9])) return false;
        if (value.StartsWith(LaPosteSiren, StringComparison.Ordinal) && value != LaPosteHeadOffice)
            return value.Sum(c => c - '0') % 5 == 0;
        return Luhn(value);
    }

    /// <summary>Luhn checksum (ISO/IEC 7812-1) over a string of digits.</summary>
    public static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <summary>The NIR as typed, without the spaces, dots and dashes people put in it, upper-cased (2A/2B).</summary>
    public static string NormalizeNir(string? value) =>
        value is null ? "" : new string(value.Where(c => c is not (' ' or '.' or '-' or '\u00A0')).ToArray()).ToUpperInvariant();

    /// <summary>A SIRET as typed (spaces allowed), compacted; null when it is not 14 digits.</summary>
    public static string? CompactSiret(string? value)
    {
        if (value is null) return null;
        var compact = new string(value.Where(c => c != ' ' && c != '\u00A0').ToArray());
        return compact.Length == 14 && compact.All(char.IsAsciiDigit) ? compact : null;
    }

    /// <summary>
    /// NIR: sex (1 or 2; 3, 7, 8 for provisional numbers), year, month (01–12, or 20–42 / 50–99 when unknown),
    /// department (digits, 2A or 2B), commune, order, then key = 97 − (13 digits mod 97) with 2A→19, 2B→18.
    /// </summary>
    public static bool IsValidNir(string? value)
    {
        var upper = NormalizeNir(value);
        if (upper.Length != 15) return false;
        var department = upper.Substring(5, 2);
        var body = department switch
        {
            "2A" => upper[..5] + "19" + upper[7..13],
            "2B" => upper[..5] + "18" + upper[7..13],
            _ => upper[..13],
        };
        if (!body.All(char.IsAsciiDigit) || !upper[13..].All(char.IsAsciiDigit)) return false;
        if (upper[0] is not ('1' or '2' or '3' or '7' or '8')) return false;
        var month = int.Parse(upper.AsSpan(3, 2));
        if (month is 0 or (> 12 and < 20) or (> 42 and < 50)) return false;
        var key = 97 - (int)(ulong.Parse(body) % 97);
        return key == int.Parse(upper.AsSpan(13, 2));
    }

    /// <summary>APE/NAF code: 4 digits and a letter, written <c>6201Z</c> or <c>62.01Z</c>; returns the compact form.</summary>
    public static string? NormalizeApe(string? value)
    {
        if (value is null) return null;
        var compact = value.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
        return compact.Length == 5 && compact[..4].All(char.IsAsciiDigit) && char.IsAsciiLetterUpper(compact[4]) ? compact : null;
    }

    /// <summary>INSEE department codes: 01–19, 2A, 2B, 21–95, 971–976.</summary>
    public static bool IsValidDepartment(string? value) => value switch
    {
        "2A" or "2B" => true,
        { Length: 2 } when value.All(char.IsAsciiDigit) => int.Parse(value) is >= 1 and <= 95 and not 20,
        { Length: 3 } when value.All(char.IsAsciiDigit) => int.Parse(value) is >= 971 and <= 976,
        _ => false,
    };
}
