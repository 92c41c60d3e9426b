using System.Globalization;
using System.Text.Json;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Domain.Rates;

internal enum ChamberZone
{
    General,
    Alsace,
    Moselle,
}

/// <summary>
/// Every rate the computation needs, versioned by effective date and loaded from <c>rates.json</c> (data, not
/// code). Lookups scan small arrays and allocate nothing.
/// </summary>
internal sealed class RateTable
{
    private const int Categories = 6; // indexed by (int)ActivityCategory, 1..5
    private const int Natures = 4;    // indexed by (int)ActivityNature, 1..3

    private readonly Versioned<Rate[]> _social;
    private readonly string[] _socialSources; // in the order of _social's entries
    private readonly Versioned<Rate[]?[]> _drom; // [category] → [tier] (null: metropolitan rate)
    private readonly string[] _dromDepartments;
    private readonly Versioned<Rate[]> _training;  // [nature]
    private readonly Versioned<Rate[][][]> _chamber; // [nature][zone][category]
    private readonly string[] _alsace;
    private readonly string[] _moselle;
    private readonly Versioned<Rate[]> _incomeTax;
    private readonly AcreShare[] _acreShares;
    private readonly Versioned<Rate?[]> _acreFixed; // [category]
    private readonly Versioned<long?[]> _acreCaps; // [category], whole euros a civil year

    private RateTable(JsonElement root)
    {
        _social = Versioned<Rate[]>.Read(root.GetProperty("socialContributions"), e => ByCategory(e.GetProperty("rates"), required: true));
        _socialSources = [.. root.GetProperty("socialContributions").EnumerateArray()
            .OrderBy(e => Date(e.GetProperty("from"))).Select(e => e.TryGetProperty("source", out var source) ? source.GetString() ?? "" : "")];
        var drom = root.GetProperty("dromSocialContributions");
        _dromDepartments = Strings(drom.GetProperty("departments"));
        _drom = Versioned<Rate[]?[]>.Read(drom.GetProperty("entries"), e =>
        {
            var byCategory = new Rate[]?[Categories];
            foreach (var p in e.GetProperty("rates").EnumerateObject())
                byCategory[(int)Category(p.Name)] = p.Value.EnumerateArray().Select(v => Rate.FromPercent(v.GetDecimal())).ToArray() is { Length: 3 } tiers
                    ? tiers : throw new FormatException("DROM rates need three tiers.");
            return byCategory;
        });
        _training = Versioned<Rate[]>.Read(root.GetProperty("trainingContribution"), e => ByNature(e.GetProperty("rates")));
        _chamber = Versioned<Rate[][][]>.Read(root.GetProperty("chamberTax"), e =>
        {
            var byNature = new Rate[Natures][][];
            for (var n = 0; n < Natures; n++) byNature[n] = [new Rate[Categories], new Rate[Categories], new Rate[Categories]];
            foreach (var nature in e.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                var natureIndex = (int)Nature(nature.Name);
                foreach (var zone in nature.Value.EnumerateObject())
                    byNature[natureIndex][(int)Zone(zone.Name)] = ByCategory(zone.Value, required: false);
                // zones not listed use the general rates
                foreach (var zone in new[] { ChamberZone.Alsace, ChamberZone.Moselle })
                    if (!nature.Value.TryGetProperty(zone.ToString().ToLowerInvariant(), out _))
                        byNature[natureIndex][(int)zone] = byNature[natureIndex][(int)ChamberZone.General];
            }

            return byNature;
        });
        var zones = root.GetProperty("chamberZones");
        _alsace = Strings(zones.GetProperty("alsace"));
        _moselle = Strings(zones.GetProperty("moselle"));
        _incomeTax = Versioned<Rate[]>.Read(root.GetProperty("incomeTax"), e => ByCategory(e.GetProperty("rates"), required: true));
        var acre = root.GetProperty("acre");
        _acreShares = acre.GetProperty("shares").EnumerateArray()
            .Select(e => new AcreShare(Date(e.GetProperty("creationFrom")), e.GetProperty("paidPercent").GetInt32(),
                e.GetProperty("rounding").GetString() == "up"))
            .OrderBy(s => s.CreationFrom).ToArray();
        var fixedEntries = acre.GetProperty("fixedRates").EnumerateArray()
            .Select(e => (From: Date(e.GetProperty("from")), Category: Category(e.GetProperty("category").GetString()!), Rate: Rate.FromPercent(e.GetProperty("rate").GetDecimal())))
            .ToList();
        _acreFixed = new Versioned<Rate?[]>(fixedEntries.Select(f => f.From).Distinct().Order()
            .Select(from =>
            {
                var rates = new Rate?[Categories];
                foreach (var f in fixedEntries.Where(f => f.From <= from).OrderBy(f => f.From)) rates[(int)f.Category] = f.Rate;
                return (from, rates);
            }).ToArray());
        _acreCaps = Versioned<long?[]>.Read(acre.GetProperty("caps"), e =>
        {
            var caps = new long?[Categories];
            foreach (var p in e.GetProperty("turnover").EnumerateObject()) caps[(int)Category(p.Name)] = p.Value.GetInt64();
            return caps;
        });
    }

    public static RateTable Official { get; } = Load();

    public static RateTable Load(Stream? json = null)
    {
        using var stream = json ?? typeof(RateTable).Assembly.GetManifestResourceStream("Urssaf.Declarations.rates.json")
            ?? throw new InvalidOperationException("The rate table resource is missing.");
        using var document = JsonDocument.Parse(stream);
        return new RateTable(document.RootElement);
    }

    /// <summary>The first day any rate is known: earlier periods cannot be computed.</summary>
    public DateOnly FirstDay => _social.FirstDay;

    public Rate? SocialContribution(ActivityCategory category, DateOnly day) => _social.At(day)?[(int)category];

    /// <summary>Every change of a category's social contribution rate from one version of the data to the next, with the version's source.</summary>
    public IEnumerable<(DateOnly From, ActivityCategory Category, Rate Previous, Rate Next, string Source)> SocialRateChanges()
    {
        for (var i = 1; i < _social.Entries.Count; i++)
            foreach (var category in Enum.GetValues<ActivityCategory>())
                if (_social.Entries[i - 1].Value[(int)category] is var before && _social.Entries[i].Value[(int)category] is var after && before != after)
                    yield return (_social.Entries[i].From, category, before, after, _socialSources[i]);
    }

    public bool IsDrom(string department) => Array.IndexOf(_dromDepartments, department) >= 0;

    public Rate? DromSocialContribution(ActivityCategory category, DateOnly day, int tier) => _drom.At(day)?[(int)category]?[tier];

    public Rate TrainingContribution(ActivityNature nature, ActivityCategory category, DateOnly day)
    {
        var rates = _training.At(day);
        if (rates is null) return Rate.Zero;
        // BNC (liberal) turnover pays the liberal rate; BIC turnover pays the artisan or the commercial rate (modele-social CFP).
        var effective = category is ActivityCategory.LiberalBnc or ActivityCategory.LiberalCipav ? ActivityNature.Liberal
            : nature == ActivityNature.Artisanal ? ActivityNature.Artisanal : ActivityNature.Commercial;
        return rates[(int)effective];
    }

    public Rate ChamberTax(ActivityNature nature, ChamberZone zone, ActivityCategory category, DateOnly day) =>
        _chamber.At(day) is { } rates ? rates[(int)nature][(int)zone][(int)category] : Rate.Zero;

    public ChamberZone ZoneOf(string department) =>
        Array.IndexOf(_moselle, department) >= 0 ? ChamberZone.Moselle : Array.IndexOf(_alsace, department) >= 0 ? ChamberZone.Alsace : ChamberZone.General;

    public Rate IncomeTax(ActivityCategory category, DateOnly day) => _incomeTax.At(day)?[(int)category] ?? Rate.Zero;

    /// <summary>
    /// The reduced ACRE rate (CSS D131-6-3): a fixed rate where the table has one, else the paid share of the
    /// normal rate rounded to the tenth of a point (up, or to the nearest, as the share's entry says).
    /// </summary>
    public Rate? AcreRate(ActivityCategory category, Rate normal, DateOnly creation, DateOnly day)
    {
        if (_acreFixed.At(day)?[(int)category] is { } fixedRate) return fixedRate;
        AcreShare? share = null;
        foreach (var s in _acreShares)
            if (s.CreationFrom <= creation) share = s;
        if (share is null) return null;
        const int tenth = 100; // 0.1 point in hundred-thousandths
        var exact = (long)normal.PerHundredThousand * share.Value.PaidPercent; // in 1/100 of the unit
        var tenths = share.Value.RoundUp ? (exact + tenth * 100 - 1) / (tenth * 100) : (exact + tenth * 50) / (tenth * 100);
        return new Rate((int)(tenths * tenth));
    }

    /// <summary>
    /// The annual ACRE cap (CSS D131-6-3 II): the turnover of a civil year that bears the ACRE rate, in whole euros; null when the
    /// table has none for the category or the day (before its first entry). A later year keeps the last entry, as every rate here.
    /// </summary>
    public long? AcreCap(ActivityCategory category, DateOnly day) => _acreCaps.At(day)?[(int)category];

    private static Rate[] ByCategory(JsonElement element, bool required)
    {
        var rates = new Rate[Categories];
        foreach (var p in element.EnumerateObject()) rates[(int)Category(p.Name)] = Rate.FromPercent(p.Value.GetDecimal());
        if (required && Enum.GetValues<ActivityCategory>().Any(c => !element.TryGetProperty(SnakeCase(c), out _)))
            throw new FormatException("A rate entry must give every category.");
        return rates;
    }

    private static Rate[] ByNature(JsonElement element)
    {
        var rates = new Rate[Natures];
        foreach (var p in element.EnumerateObject()) rates[(int)Nature(p.Name)] = Rate.FromPercent(p.Value.GetDecimal());
        return rates;
    }

    private static ActivityCategory Category(string name) =>
        Enum.GetValues<ActivityCategory>().SingleOrDefault(c => SnakeCase(c) == name) is var c && c != default
            ? c : throw new FormatException($"Unknown category '{name}' in the rate table.");

    private static ActivityNature Nature(string name) => Enum.Parse<ActivityNature>(name, ignoreCase: true);

    private static ChamberZone Zone(string name) => Enum.Parse<ChamberZone>(name, ignoreCase: true);

    public static string SnakeCase(ActivityCategory category) => JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static DateOnly Date(JsonElement element) => DateOnly.ParseExact(element.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private readonly record struct AcreShare(DateOnly CreationFrom, int PaidPercent, bool RoundUp);

    /// <summary>Entries by effective date; <see cref="At"/> returns the one in force on a day.</summary>
    private sealed class Versioned<T>((DateOnly From, T Value)[] entries) where T : class
    {
        private readonly (DateOnly From, T Value)[] _entries = entries.OrderBy(e => e.From).ToArray();

        public DateOnly FirstDay => _entries.Length == 0 ? DateOnly.MaxValue : _entries[0].From;

        public IReadOnlyList<(DateOnly From, T Value)> Entries => _entries;

        public static Versioned<T> Read(JsonElement array, Func<JsonElement, T> read) =>
            new(array.EnumerateArray().Select(e => (Date(e.GetProperty("from")), read(e))).ToArray());

        public T? At(DateOnly day)
        {
            for (var i = _entries.Length - 1; i >= 0; i--)
                if (_entries[i].From <= day) return _entries[i].Value;
            return null;
        }
    }
}
