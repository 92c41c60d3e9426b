using System.Globalization;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>
/// The declaration frequency of each civil year (CSS R613-7 I): monthly or quarterly for a whole calendar year, tacitly
/// renewed. A change is requested with a turnover declaration, at the latest with the last declaration of the previous
/// year (due 31 January, DOMAIN.md §3): a request made by 31 January applies from 1 January of that year — nothing of it
/// has ended yet — and a later one from the next 1 January. At creation the choice made within one month of the start
/// applies from the start. The past is never rewritten: every period already announced or filed keeps its frequency.
/// Stored as <c>2024:Quarterly;2027:Monthly</c> (year from which each frequency applies), ADR 30.
/// </summary>
internal static class FrequencyHistory
{
    public static SortedDictionary<int, DeclarationFrequency> Parse(string? text)
    {
        var history = new SortedDictionary<int, DeclarationFrequency>();
        if (string.IsNullOrEmpty(text)) return history;
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (year, frequency) = (entry[..entry.IndexOf(':')], entry[(entry.IndexOf(':') + 1)..]);
            history[int.Parse(year, CultureInfo.InvariantCulture)] = Enum.Parse<DeclarationFrequency>(frequency);
        }

        return history;
    }

    public static string Format(SortedDictionary<int, DeclarationFrequency> history) =>
        string.Join(';', history.Select(h => $"{h.Key.ToString(CultureInfo.InvariantCulture)}:{h.Value}"));

    /// <summary>The frequency in force in <paramref name="year"/>; <paramref name="fallback"/> when the history is empty or starts later.</summary>
    public static DeclarationFrequency In(string? text, int year, DeclarationFrequency fallback)
    {
        var result = fallback;
        var first = true;
        foreach (var (from, frequency) in Parse(text))
        {
            if (first || from <= year) result = frequency;
            first = false;
            if (from > year) break;
        }

        return result;
    }

    /// <summary>The year from which a change requested on <paramref name="requestedOn"/> applies (R613-7 I).</summary>
    public static int EffectiveYear(DateOnly requestedOn, DateOnly activityStart)
    {
        if (requestedOn <= activityStart.AddMonths(1)) return activityStart.Year; // the choice at creation
        return requestedOn <= new DateOnly(requestedOn.Year, 1, 31) ? requestedOn.Year : requestedOn.Year + 1;
    }

    /// <summary>
    /// Records a request; returns the new text (unchanged when the frequency already applies from that year on). <paramref name="notBefore"/>:
    /// the first year none of whose periods was announced or filed yet (a request handled late never changes a year already begun).
    /// </summary>
    public static string Request(string? text, DeclarationFrequency current, DateOnly activityStart, DeclarationFrequency requested, DateOnly requestedOn,
        int? notBefore = null)
    {
        var history = Parse(text);
        if (history.Count == 0) history[activityStart.Year] = current; // rows from before the history: the one frequency they had
        var from = Math.Max(Math.Max(EffectiveYear(requestedOn, activityStart), history.Keys.First()), notBefore ?? int.MinValue);
        foreach (var later in history.Keys.Where(y => y > from).ToList()) history.Remove(later); // a newer request replaces a pending one
        history[from] = requested;
        // drop entries that repeat the previous year's frequency
        DeclarationFrequency? previous = null;
        foreach (var year in history.Keys.ToList())
        {
            if (history[year] == previous) history.Remove(year);
            else previous = history[year];
        }

        return Format(history);
    }
}
