using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>
/// Every problem code the API can answer has a help entry. The codes are found in the sources themselves: every string
/// literal shaped like a code (<c>module.subject.problem</c>) under <c>src/</c>, so a code added anywhere is caught.
/// Not codes, by construction: file names, delegation scopes, validator property paths, prefixes tested with <c>StartsWith</c>
/// (a family of codes, each listed on its own), metric names (<c>meter.Create…("urssaf.…")</c>), and the kinds of the
/// tamper-evident journal (ADR 0112: the <c>JournalRecord? Describe(EntityEntry)</c> switches and <c>journal.AppendAsync("…")</c>),
/// which are never answered as a problem <c>code</c>. A literal only counts when it is a whole string (closing quote included):
/// <c>"e.g. …"</c> or the constant head of <c>$"identity.account.{status}"</c> is not a code.
/// </summary>
public sealed partial class HelpCoverageTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private static readonly string[] FileExtensions = ["xsd", "json", "key", "db", "xml", "pdf", "png", "jpg", "eml", "csv", "txt", "zip", "ttf", "cs", "log"];

    /// <summary>Code-shaped literals that are not problem codes, each with what it is. Keep it short: prefer a rule above.</summary>
    private static readonly string[] NotCodes =
    [
        "payment.failed", "payment.succeeded", // the card payment provider's event types (ReceivePspNotification, StandInCheckoutEndpoint)
    ];

    /// <summary>A whole code-shaped string literal, unless it is the argument of a call that takes no problem code.</summary>
    [GeneratedRegex(@"(?<!OverridePropertyName\(|StartsWith\(|journal\.AppendAsync\(|meter\.Create\w+(?:<\w+>)?\()""([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)""")]
    private static partial Regex CodeLiteral();

    /// <summary>The body of a module's journal description switch (<c>JournalRecord? Describe(EntityEntry entry) => … };</c>): journal kinds.</summary>
    [GeneratedRegex(@"JournalRecord\? Describe\(EntityEntry \w+\) => .*?\n\s*\};", RegexOptions.Singleline)]
    private static partial Regex JournalDescription();

    private static string SourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Urssaf.sln"))) directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Urssaf.sln not found above the test binaries."), "src");
    }

    internal static SortedSet<string> CodesInSources()
    {
        var scopes = typeof(DelegationScopes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.GetValue(null) as string).ToHashSet();
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(SourceRoot(), "*.cs", SearchOption.AllDirectories))
        {
            var path = file.Replace('\\', '/');
            if (path.Contains("/obj/") || path.Contains("/bin/") || path.Contains("/Migrations/") || path.Contains("/src/Clients/")) continue;
            foreach (Match m in CodeLiteral().Matches(JournalDescription().Replace(File.ReadAllText(file), "")))
            {
                var code = m.Groups[1].Value;
                if (FileExtensions.Contains(code[(code.LastIndexOf('.') + 1)..]) || scopes.Contains(code) || NotCodes.Contains(code)) continue;
                codes.Add(code);
            }
        }

        return codes;
    }

    [Fact]
    public async Task Every_code_in_the_sources_has_a_help_entry_served_by_the_support_route()
    {
        var codes = CodesInSources();
        Assert.True(codes.Count > 150, $"only {codes.Count} codes found: the scan is broken");
        Assert.Contains("notifications.attachment.type_not_allowed", codes);
        Assert.Contains("declarations.period.closed", codes);

        var entries = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/support/help")).EnumerateArray()
            .ToDictionary(e => e.GetProperty("code").GetString()!, e => (Meaning: e.GetProperty("meaning").GetString()!, WhatToDo: e.GetProperty("whatToDo").GetString()!));
        var missing = codes.Where(c => !entries.ContainsKey(c)).ToList();
        Assert.True(missing.Count == 0, "Problem codes without a help entry (add one line each to HelpCatalog.cs):\n" + string.Join("\n", missing));
        Assert.All(entries.Values, e => Assert.True(e.Meaning.Length > 10 && e.WhatToDo.Length > 5));
    }

    [Fact]
    public async Task The_support_page_gives_the_3957_and_a_problem_links_to_its_entry()
    {
        var client = app.CreateClient();
        var support = await client.GetFromJsonAsync<JsonElement>("/api/v1/support");
        Assert.Equal("3957", support.GetProperty("phone").GetProperty("number").GetString());
        Assert.Equal("Service gratuit + prix d'un appel", support.GetProperty("phone").GetProperty("pricing").GetString());
        Assert.False(string.IsNullOrWhiteSpace(support.GetProperty("phone").GetProperty("openingHours").GetString()));
        Assert.True(support.GetProperty("helpTopics").GetArrayLength() >= 5);

        var problem = await (await client.GetAsync("/api/v1/support/help/no.such_code")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("support.help.not_found", problem.GetProperty("code").GetString());
        var link = problem.GetProperty("help").GetString()!;
        var entry = await client.GetFromJsonAsync<JsonElement>(link);
        Assert.Equal("support.help.not_found", entry.GetProperty("code").GetString());

        var unknownRoute = await (await client.GetAsync("/api/v1/no-such-route")).Content.ReadFromJsonAsync<JsonElement>(); // made by the framework
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(unknownRoute.GetProperty("help").GetString())).StatusCode);
    }
}
