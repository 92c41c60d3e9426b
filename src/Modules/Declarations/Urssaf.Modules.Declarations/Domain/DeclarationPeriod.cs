using System.Diagnostics.CodeAnalysis;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>A month (<c>2026-03</c>) or a quarter (<c>2026-Q1</c>) of turnover (CSS R613-7).</summary>
internal readonly record struct DeclarationPeriod(DeclarationFrequency Frequency, int Year, int Index) : IComparable<DeclarationPeriod>
{
    public DateOnly Start => Frequency == DeclarationFrequency.Monthly
        ? new DateOnly(Year, Index, 1)
        : new DateOnly(Year, (Index - 1) * 3 + 1, 1);

    public DateOnly End => Frequency == DeclarationFrequency.Monthly
        ? Start.AddMonths(1).AddDays(-1)
        : Start.AddMonths(3).AddDays(-1);

    /// <summary>
    /// CSS R613-8: monthly, the last day of the following month; quarterly, 30 April, 31 July, 31 October and
    /// 31 January — i.e. the last day of the month after the period in both cases.
    /// </summary>
    public DateOnly DueDate => End.AddDays(1).AddMonths(1).AddDays(-1);

    public DeclarationPeriod Next() => Frequency == DeclarationFrequency.Monthly
        ? Index == 12 ? new(Frequency, Year + 1, 1) : this with { Index = Index + 1 }
        : Index == 4 ? new(Frequency, Year + 1, 1) : this with { Index = Index + 1 };

    public DeclarationPeriod Previous() => Frequency == DeclarationFrequency.Monthly
        ? Index == 1 ? new(Frequency, Year - 1, 12) : this with { Index = Index - 1 }
        : Index == 1 ? new(Frequency, Year - 1, 4) : this with { Index = Index - 1 };

    public static DeclarationPeriod Containing(DateOnly day, DeclarationFrequency frequency) => frequency == DeclarationFrequency.Monthly
        ? new(frequency, day.Year, day.Month)
        : new(frequency, day.Year, (day.Month - 1) / 3 + 1);

    public static bool TryParse([NotNullWhen(true)] string? text, out DeclarationPeriod period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-' || !int.TryParse(text.AsSpan(0, 4), out var year) || year is < 2000 or > 2100
            || !char.IsAsciiDigit(text[0]))
            return false;
        if (text[5] == 'Q' && text[6] is >= '1' and <= '4')
        {
            period = new(DeclarationFrequency.Quarterly, year, text[6] - '0');
            return true;
        }

        if (char.IsAsciiDigit(text[5]) && char.IsAsciiDigit(text[6]) && int.Parse(text.AsSpan(5, 2)) is >= 1 and <= 12 and var month)
        {
            period = new(DeclarationFrequency.Monthly, year, month);
            return true;
        }

        return false;
    }

    public static bool IsWellFormed(string? text) => TryParse(text, out _);

    public static DeclarationPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period (2026-03 or 2026-Q1).");

    public int CompareTo(DeclarationPeriod other) => Start.CompareTo(other.Start);

    public override string ToString() => Frequency == DeclarationFrequency.Monthly ? $"{Year:D4}-{Index:D2}" : $"{Year:D4}-Q{Index}";
}
