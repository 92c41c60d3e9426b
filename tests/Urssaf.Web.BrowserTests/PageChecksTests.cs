namespace Urssaf.Web.BrowserTests;

/// <summary>The accessibility check every page goes through finds what it exists to find, at both widths.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageChecksTests(WebAccountBrowser web)
{
    private const string Inaccessible = """
        <!doctype html><html lang="fr"><head><title>Page fautive</title></head>
        <body><main><h1>Page fautive</h1>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <p style="color:#bbb;background:#fff">Texte trop pâle</p>
        <input type="text"></main></body></html>
        """;

    [Fact]
    public async Task A_missing_alternative_too_little_contrast_and_an_unlabelled_field_fail_the_check_at_both_widths()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(Inaccessible);

        var found = await PageChecks.SeriousViolationsAsync(page);
        Assert.Contains(found, v => v.StartsWith("image-alt (critical)", StringComparison.Ordinal));
        Assert.Contains(found, v => v.StartsWith("color-contrast (serious)", StringComparison.Ordinal) && v.Contains("Texte trop pâle"));
        Assert.Contains(found, v => v.StartsWith("label (critical)", StringComparison.Ordinal));

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => PageChecks.AccessibleAsync(page, "page-fautive"));
        foreach (var width in new[] { 375, 1280 })
        foreach (var rule in new[] { "image-alt (critical)", "color-contrast (serious)", "label (critical)" })
            Assert.Contains($"page-fautive at {width} px: {rule}", failure.Message);
        foreach (var width in new[] { 375, 1280 }) // what failed is left to look at
            Assert.True(new FileInfo(Path.Combine(WebAccountBrowser.Screenshots, $"page-fautive-{width}.jpg")) is { Exists: true, Length: > 1000 });
    }

    [Fact]
    public async Task The_same_page_made_accessible_passes_with_a_moderate_violation_left()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(Inaccessible
            .Replace("<img ", "<img alt=\"Logo\" ", StringComparison.Ordinal)
            .Replace("#bbb", "#333", StringComparison.Ordinal)
            .Replace("<input type=\"text\">", "<label for=\"n\">Nom</label><input id=\"n\" type=\"text\">", StringComparison.Ordinal)
            .Replace("</main>", "</main><p>Hors de tout repère</p>", StringComparison.Ordinal));

        Assert.Empty(await PageChecks.SeriousViolationsAsync(page));
        await PageChecks.AccessibleAsync(page, "page-corrigee");
        // a page that passes leaves no picture, unless every page's is asked for
        var every = Environment.GetEnvironmentVariable("SCREENSHOTS") == "1";
        foreach (var width in new[] { 375, 1280 })
            Assert.Equal(every, File.Exists(Path.Combine(WebAccountBrowser.Screenshots, $"page-corrigee-{width}.jpg")));
        // axe does see the moderate one (text outside any landmark): the check counts serious and critical only
        var all = await page.EvaluateAsync<string[]>("async () => (await axe.run(document)).violations.map(v => `${v.id} (${v.impact})`)");
        Assert.Equal(["region (moderate)"], all);
    }
}
