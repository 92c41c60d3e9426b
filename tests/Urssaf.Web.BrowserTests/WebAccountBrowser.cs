using System.Net.Http.Json;
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

    /// <summary>Screenshots go here (bin/…/screenshots, not committed), as JPEG: a fifth cheaper to make and carry than PNG (see <see cref="PageChecks"/>).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        App.StartServer();
        // only this run's pictures (two runs of this assembly from one output folder at once would delete each other's)
        if (Directory.Exists(Screenshots)) Directory.Delete(Screenshots, recursive: true);
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", DisabledFeatures],
        });
    }

    /// <summary>
    /// <c>CHROMIUM_PATH</c>, else Debian's <c>chromium-headless-shell</c> (the same Blink as <c>chromium</c> without the
    /// desktop browser around it: a third less CPU, ADR 0143), else Debian's <c>/usr/bin/chromium</c>.
    /// </summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path
        : File.Exists(HeadlessShell) ? HeadlessShell
        : "/usr/bin/chromium";

    private const string HeadlessShell = "/usr/lib/chromium/chromium-headless-shell";

    /// <summary>
    /// RenderDocument off: no new document host for every same-site navigation, a tenth less CPU (ADR 0143); nothing a page
    /// can observe changes. The switch repeats Playwright 1.64's own list for Chromium (chromiumSwitches.ts), so that whichever
    /// <c>--disable-features</c> Chromium reads carries both. <c>--disable-gpu</c>: software compositing instead of SwiftShader's
    /// emulated GPU; these pages draw no canvas and use no WebGL.
    /// </summary>
    private const string DisabledFeatures = "--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose," +
        "DialMediaRouteProvider,GlobalMediaControls,HttpsUpgrades,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning," +
        "BlockOriginHeaderModificationOnRedirect,AvoidCorsURLLoaderRestartOnRedirect,Translate,AutoDeElevate,OptimizationHints," +
        "NetworkTimeServiceQuerying,AimEnabled,RenderDocument";

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

/// <summary>
/// What every page must pass: no serious or critical axe-core violation at 375 px and at 1280 px. A page that fails leaves
/// its screenshot at that width (the whole page on a phone, the first screen on a desktop); with <c>SCREENSHOTS=1</c> every
/// checked page does, for a visual review (ADR 0144).
/// </summary>
public static class PageChecks
{
    /// <summary>axe-core as Deque.AxeCore.Playwright bundles it (the same version its own runner injects).</summary>
    private static readonly Lazy<string> AxeSource = new(() => new Deque.AxeCore.Commons.BundledAxeScriptProvider().GetScript());

    private static readonly bool EveryScreenshot = Environment.GetEnvironmentVariable("SCREENSHOTS") == "1";

    public static async Task AccessibleAsync(IPage page, string name)
    {
        var original = page.ViewportSize;
        var failures = new List<string>();
        foreach (var width in new[] { 375, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            var found = (await SeriousViolationsAsync(page)).Select(v => $"{name} at {width} px: {v}").ToList();
            if (EveryScreenshot || found.Count > 0)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(WebAccountBrowser.Screenshots, $"{name}-{width}.jpg"), FullPage = width < 1280, Type = ScreenshotType.Jpeg, Quality = 85,
                });
            }

            failures.AddRange(found);
        }

        if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\nscreenshots: " + WebAccountBrowser.Screenshots);
    }

    /// <summary>
    /// Every axe-core rule enabled by default, run in the page: axe is injected once per document (not once per width, as the package's
    /// runner does) and only the serious and critical violations cross back to the test, not the full result (ADR 0143).
    /// </summary>
    public static async Task<string[]> SeriousViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
            await page.EvaluateAsync("() => {" + AxeSource.Value + "\n}");
        return await page.EvaluateAsync<string[]>("""
            async () => {
              const results = await axe.run(document, { resultTypes: ['violations'] });
              return results.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map(n => n.html).join(' | ')}`);
            }
            """);
    }
}
