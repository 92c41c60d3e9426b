using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Urssaf.TestKit;

namespace Urssaf.Web.BrowserTests;

/// <summary>The real host on a loopback socket (Kestrel, port chosen by the OS), on 3 April 2026, with temporary SQLite files.</summary>
public sealed class WebAccountApp : UrssafApp
{
    public WebAccountApp() : base(new DateTimeOffset(2026, 4, 3, 9, 0, 0, TimeSpan.Zero))
    {
        // a free loopback port chosen first, so the passkey relying party (RP ID localhost) and FranceConnect's allowed
        // return address can name the exact origin the browser uses
        Port = FreePort();
        UseKestrel(Port);
        With("Identity:Passkeys:RelyingPartyId", "localhost");
        With("Identity:Passkeys:Origins:0", "http://localhost:" + Port);
        With("FranceConnect:AllowedRedirectUris:0", "http://localhost:" + Port + "/connexion/franceconnect");
        With("FranceConnect:Authority", "http://localhost:" + Port + "/franceconnect-standin/api/v2/"); // the stand-in in this host
        With("FranceConnect:PostLogoutRedirectUri", "http://localhost:" + Port + "/deconnexion");
        With("FranceConnect:CallbackUri", "http://localhost:" + Port + "/api/v1/identity/franceconnect/callback");
        With("FranceConnect:TimeoutSeconds", "120"); // a loaded test machine
        With("Payments:Card:StandInHostUrl", "http://localhost:" + Port); // the card provider's page on the browser's origin, so its return link keeps the session
    }

    public int Port { get; }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>http://localhost:port (a secure context for Chromium, so the Secure session cookie is kept as in production).</summary>
    public string BaseUrl
    {
        get
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return "http://localhost:" + new Uri(address).Port;
        }
    }
}

/// <summary>One host and one Chromium for every browser test (Debian's, by path: see <see cref="ChromiumPath"/>).</summary>
public sealed class WebAccountBrowser : IAsyncLifetime
{
    public WebAccountApp App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    /// <summary>Screenshots go here (bin/…/screenshots, not committed), as JPEG: a fifth cheaper to make and carry than PNG.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        App.StartServer();
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>
    /// <c>CHROMIUM_PATH</c>, else Debian's <c>/usr/bin/chromium</c>. The lighter <c>chromium-headless-shell</c> with
    /// RenderDocument off halved Chromium's CPU, but the keyboard test's Enter on a link then failed to navigate in two
    /// full runs of six under load (ADR 0142): it is not the default until that is understood.
    /// </summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task DisposeAsync()
    {
        // the host's log beside the screenshots, to read after a failure
        await File.WriteAllLinesAsync(Path.Combine(Screenshots, "host.log"), App.Logs.Lines);
        await Browser.CloseAsync();
        _playwright.Dispose();
        App.Dispose();
    }

    public Task<IBrowserContext> NewContextAsync(bool javaScript = true, int width = 1280) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl, JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = "fr-FR", AcceptDownloads = true,
        });

    /// <summary>The formalities centre's record for a SIRET (operator route), then the messages it triggers.</summary>
    public async Task FormalityAsync(string siret, string nir, string activityStart = "2025-10-15")
    {
        var response = await App.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality(siret, nir, legalName: "Claire Martin", activityStart: activityStart, incomeTaxWithholding: true));
        response.EnsureSuccessStatusCode();
        await App.DrainAsync();
    }

    /// <summary>An account registered and activated over the API (for tests whose subject is not the sign-up).</summary>
    public async Task ActiveAccountAsync(string siret, string nir, string email, string phone, string password, string activityStart = "2025-10-15")
    {
        await FormalityAsync(siret, nir, activityStart);
        var visitor = App.CreateClient();
        var registration = await visitor.PostAsJsonAsync("/api/v1/identity/registrations", new
        {
            siret, nir, firstName = "Claire", lastName = "Martin", email, phone, password, secretQuestion = "Ville ?", secretAnswer = "Besançon",
        });
        var id = (await registration.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("registrationId").GetGuid();
        await App.DrainAsync();
        var token = Delivered.ActivationToken(App.EmailsTo(email).Last());
        (await visitor.PostAsJsonAsync("/api/v1/identity/activations/email", new { token })).EnsureSuccessStatusCode();
        var code = Delivered.SixDigitCode(App.SmsTo("+33" + phone[1..]).Last().Text);
        (await visitor.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId = id, code })).EnsureSuccessStatusCode();
        await App.DrainAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<WebAccountBrowser>
{
    public const string Name = "browser";
}

/// <summary>What every page must pass: no serious or critical axe-core violation at 375 px and 1280 px, a screenshot of each.</summary>
public static class PageChecks
{
    /// <summary>Every rule runs; only the violations are detailed (the passes' node lists are what the test never reads).</summary>
    private static readonly Deque.AxeCore.Commons.AxeRunOptions AxeOptions = new() { ResultTypes = [Deque.AxeCore.Commons.ResultType.Violations] };

    public static async Task AccessibleAsync(IPage page, string name)
    {
        var original = page.ViewportSize;
        var failures = new List<string>();
        foreach (var width in new[] { 375, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebAccountBrowser.Screenshots, $"{name}-{width}.jpg"), FullPage = true, Type = ScreenshotType.Jpeg, Quality = 85 });
            // axe.run in the page itself: the default RunAxe opens a second page (a renderer process) per call to
            // finish the run, 4× slower; our pages have no frames, the only case where the two differ (ADR 0141)
#pragma warning disable CS0618
            var axe = await page.RunAxeLegacy(options: AxeOptions);
#pragma warning restore CS0618
            failures.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{name} at {width} px: {v.Id} ({v.Impact}) {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }

        if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
