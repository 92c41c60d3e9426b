using System.Globalization;
using System.Text;
using Urssaf.Client.Models;

namespace Urssaf.Web;

/// <summary>One bar of the trend: a period's declared turnover and contributions (cents), and the same period a year before.</summary>
public sealed record TrendPoint(string Period, long? Turnover, long? Contributions, long? PreviousTurnover, long? PreviousContributions);

/// <summary>
/// The last 12 months or 8 quarters of declarations (fewer for a younger account), drawn server-side as SVG (no script), with the
/// same figures as a table.
/// </summary>
public static class Trend
{
    public static IReadOnlyList<TrendPoint> Build(IEnumerable<DeclarationResponse> declarations, IEnumerable<PeriodResponse> periods)
    {
        var byPeriod = declarations.Where(d => d.Period is not null).GroupBy(d => d.Period!).ToDictionary(g => g.Key, g => g.First());
        var known = periods.Where(p => p.Period is not null).ToList();
        var ended = known.Where(p => p.Status is not Client.Models.PeriodStatus.Upcoming).Select(p => p.Period!).ToList();
        var latest = ended.Concat(byPeriod.Keys).OrderByDescending(Key).FirstOrDefault();
        if (latest is null) return [];
        // nothing before the account's first period: a quarter before the activity began was never due, not "non déclaré"
        var first = known.Select(p => p.Period!).Concat(byPeriod.Keys).Min(Key);
        var quarterly = latest.Contains('Q', StringComparison.Ordinal);
        var points = new List<TrendPoint>();
        var period = latest;
        for (var i = 0; i < (quarterly ? 8 : 12) && Key(period) >= first; i++)
        {
            var previous = Shift(period, quarterly ? -4 : -12);
            byPeriod.TryGetValue(period, out var d);
            byPeriod.TryGetValue(previous, out var p);
            points.Add(new TrendPoint(period, Turnover(d), d is null ? null : Fr.Cents(d.Total), Turnover(p), p is null ? null : Fr.Cents(p.Total)));
            period = Shift(period, -1);
        }

        points.Reverse();
        return points;
    }

    private static long? Turnover(DeclarationResponse? d) => d is null ? null : (d.Lines ?? []).Sum(l => l.Turnover ?? 0) * 100;

    private static int Key(string period)
    {
        var parts = period.Split('-');
        var year = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts[1].StartsWith('Q') ? year * 100 + (int.Parse(parts[1][1..], CultureInfo.InvariantCulture) - 1) * 3 + 1 : year * 100 + int.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Moves a period by whole periods: months ("2026-04") or quarters ("2026-Q2").</summary>
    public static string Shift(string period, int by)
    {
        var parts = period.Split('-');
        var year = int.Parse(parts[0], CultureInfo.InvariantCulture);
        if (parts[1].StartsWith('Q'))
        {
            var index = year * 4 + int.Parse(parts[1][1..], CultureInfo.InvariantCulture) - 1 + by;
            return $"{index / 4}-Q{index % 4 + 1}";
        }

        var month = year * 12 + int.Parse(parts[1], CultureInfo.InvariantCulture) - 1 + by;
        return $"{month / 12}-{month % 12 + 1:00}";
    }

    /// <summary>Bars: turnover this year (dark) and a year before (light); the line: contributions. Values are escaped numbers only.</summary>
    public static string Svg(IReadOnlyList<TrendPoint> points)
    {
        const int width = 640, height = 260, left = 70, bottom = 40, top = 10;
        var max = Math.Max(1, points.Max(p => Math.Max(p.Turnover ?? 0, p.PreviousTurnover ?? 0)));
        // a younger account's few periods keep the width of a full window's (8 quarters or 12 months), left-aligned
        var slot = (width - left - 10) / (double)Math.Max(points.Count, points[0].Period.Contains('Q', StringComparison.Ordinal) ? 8 : 12);
        double Y(long cents) => top + (height - top - bottom) * (1 - cents / (double)max);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"graphique-titre\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title id=\"graphique-titre\">Chiffre d'affaires déclaré et cotisations, comparés à l'année précédente (détail dans le tableau)</title>");
        for (var g = 0; g <= 4; g++)
        {
            var value = max * g / 4;
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 4:0.#}\" font-size=\"11\" text-anchor=\"end\" fill=\"#3a3a3a\">{Short(value)}</text>");
        }

        var line = new List<string>();
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = left + i * slot;
            var bar = slot * 0.35;
            if (p.PreviousTurnover is { } prev)
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + slot * 0.1:0.#}\" y=\"{Y(prev):0.#}\" width=\"{bar:0.#}\" height=\"{Y(0) - Y(prev):0.#}\" fill=\"#b1b1f9\"/>");
            if (p.Turnover is { } now)
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + slot * 0.1 + bar:0.#}\" y=\"{Y(now):0.#}\" width=\"{bar:0.#}\" height=\"{Y(0) - Y(now):0.#}\" fill=\"#000091\"/>");
            if (p.Contributions is { } c) line.Add(string.Create(CultureInfo.InvariantCulture, $"{x + slot / 2:0.#},{Y(c):0.#}"));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + slot / 2:0.#}\" y=\"{height - bottom + 16}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#3a3a3a\">{Label(p.Period)}</text>");
        }

        if (line.Count > 1) svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', line)}\" fill=\"none\" stroke=\"#ce0500\" stroke-width=\"2\"/>");
        foreach (var point in line)
        {
            var xy = point.Split(',');
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"3\" fill=\"#ce0500\"/>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Label(string period)
    {
        var parts = period.Split('-');
        return parts[1].StartsWith('Q') ? $"T{parts[1][1..]} {parts[0][2..]}"
            : $"{Fr.Culture.DateTimeFormat.GetAbbreviatedMonthName(int.Parse(parts[1], CultureInfo.InvariantCulture)).TrimEnd('.')} {parts[0][2..]}";
    }

    private static string Short(long cents) => cents >= 100_000_00 ? $"{cents / 100_000_00} k€" : Fr.Money(cents / 100 * 100).Replace(",00", "", StringComparison.Ordinal);
}
