using System.Globalization;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>
/// A rate in hundred-thousandths (12.3 % = 12,300; 0.044 % = 44), exact for every published rate, so that
/// amounts are computed in integers and never in binary floating point.
/// </summary>
internal readonly record struct Rate(int PerHundredThousand)
{
    public const int Scale = 100_000;

    public static readonly Rate Zero = new(0);

    /// <summary>The rate as a percentage for display (12.3).</summary>
    public decimal Percent => PerHundredThousand / 1000m;

    /// <summary>Parses a percentage written in the rate table ("12.3"); refuses anything finer than 0.001 point.</summary>
    public static Rate FromPercent(decimal percent)
    {
        var scaled = percent * 1000m;
        if (scaled != decimal.Truncate(scaled) || scaled < 0 || scaled > Scale)
            throw new FormatException($"Rate {percent.ToString(CultureInfo.InvariantCulture)} % is not a percentage with at most three decimals.");
        return new Rate((int)scaled);
    }

    /// <summary>Turnover in whole euros times this rate, in hundred-thousandths of a euro (exact).</summary>
    public long Apply(long turnoverEuros) => turnoverEuros * PerHundredThousand;

    public override string ToString() => Percent.ToString(CultureInfo.InvariantCulture) + " %";
}

/// <summary>Rounding of exact amounts (hundred-thousandths of a euro), half away from zero, amounts being non-negative.</summary>
internal static class Money
{
    /// <summary>To the nearest euro, returned in cents.</summary>
    public static long ToEuroCents(long exact) => (exact + Rate.Scale / 2) / Rate.Scale * 100;

    /// <summary>To the nearest cent.</summary>
    public static long ToCents(long exact) => (exact + Rate.Scale / 200) / (Rate.Scale / 100);

    /// <summary>Cents as euros for JSON (1841.54).</summary>
    public static decimal Euros(long cents) => cents / 100m;
}
