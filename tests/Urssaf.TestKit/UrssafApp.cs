using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Messaging;

namespace Urssaf.TestKit;

/// <summary>
/// The real host in process, on real SQLite files in a temporary directory (one per module), with a fake
/// clock, the scheduler off (messages are delivered by <see cref="DrainAsync"/>) and every log line captured.
/// </summary>
public class UrssafApp : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef";

    /// <summary>PBKDF2 iterations of passwords and codes in test hosts (the Testing environment alone accepts so few).</summary>
    public const string FastHashIterations = "1000";
    public static readonly DateTimeOffset DefaultStart = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings = new();

    public UrssafApp() : this(DefaultStart) { }

    protected UrssafApp(DateTimeOffset start) : this(start, fromTemplate: true) { }

    private UrssafApp(DateTimeOffset start, bool fromTemplate)
    {
        Clock = new FakeTimeProvider(start);
        DataDirectory = Path.Combine(Path.GetTempPath(), "urssaf-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _fromTemplate = fromTemplate;
        if (!fromTemplate) return;
        foreach (var file in Directory.GetFiles(MigratedTemplate.Value))
            File.Copy(file, Path.Combine(DataDirectory, Path.GetFileName(file)));
    }

    /// <summary>A host on an empty data directory, for the tests of what a first start creates (databases, keys).</summary>
    public static UrssafApp OnEmptyDirectory() => new(DefaultStart, fromTemplate: false);

    /// <summary>
    /// A data directory prepared once per test process: the six module databases migrated (schema and migration history
    /// only) and the keys a host generates outside Production (the OAuth RSA-3072 key takes a second). Each host starts
    /// on copies, without migrating them again (ADR 0144).
    /// </summary>
    private static readonly Lazy<string> MigratedTemplate = new(() =>
    {
        var template = Path.Combine(Path.GetTempPath(), "urssaf-tests", "template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(template);
        using (var app = new UrssafApp(DefaultStart, fromTemplate: false))
        {
            _ = app.Services; // the host migrates and makes its keys at start
            app.DisposeHostOnly();
            foreach (var file in Directory.GetFiles(app.DataDirectory, "*.db"))
            {
                using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
                connection.Open();
                using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                using var result = checkpoint.ExecuteReader();
                if (!result.Read() || result.GetInt32(0) != 0) throw new InvalidOperationException($"{file}: the WAL checkpoint was refused (busy)");
            }

            foreach (var file in Directory.GetFiles(app.DataDirectory).Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)))
                File.Copy(file, Path.Combine(template, Path.GetFileName(file)));
            Directory.Delete(app.DataDirectory, recursive: true);
        }

        // the copies hold generated private keys: gone with the process
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(template, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return template;
    });

    private bool _keepFiles;
    private readonly bool _fromTemplate;

    private void DisposeHostOnly()
    {
        _keepFiles = true;
        Dispose();
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>
    /// When set (before the first request), a request's <c>X-Test-Client-Address</c> header becomes its client address,
    /// as a trusted proxy's would: the tests of per-network rules use it (the in-memory server has no address).
    /// </summary>
    public bool ClientAddressHeader { get; init; }
    public string DataDirectory { get; }
    public CapturedLogs Logs { get; } = new();

    private readonly List<Action<IServiceCollection>> _replacements = [];

    /// <summary>
    /// Replaces every registration of <typeparamref name="T"/> by this instance (an NSubstitute substitute of an
    /// external edge that must fail on demand); call before the first request.
    /// </summary>
    public UrssafApp Replacing<T>(T instance) where T : class
    {
        _replacements.Add(services =>
        {
            services.RemoveAll<T>();
            services.AddSingleton(instance);
        });
        return this;
    }

    /// <summary>Overrides one configuration value; call before the first request.</summary>
    public UrssafApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqliteSynchronous", "Normal");
        builder.UseSetting("Messaging:SchedulerEnabled", "false");
        builder.UseSetting("Operator:Key", OperatorKey);
        builder.UseSetting("Logging:Format", "simple");
        // copies of the migrated template start as hosts do where migrations ran before the start (docs/operations.md);
        // the first start's migrations are tested on an empty directory
        if (_fromTemplate) builder.UseSetting("Database:MigrateOnStartup", "false");
        // fast hashes, allowed in Testing only: the floors (210,000 / 50,000) have their own tests (ADR 0141)
        builder.UseSetting("Identity:PasswordHashIterations", FastHashIterations);
        builder.UseSetting("Identity:CodeHashIterations", FastHashIterations);
        foreach (var policy in new[] { "authentication", "message-sending", "public-lookup", "operator", "operator-key-failures" })
            builder.UseSetting($"RateLimiting:{policy}:PermitLimit", "100000"); // rate limits have their own tests
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<WriteCounter>();
            services.AddKeyedSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>("identity", (sp, _) => sp.GetRequiredService<WriteCounter>());
            // the stand-in card provider notifies the host over HTTP: here, through the in-memory server (or the socket under Kestrel)
            services.AddHttpClient("payments-psp-stand-in").ConfigurePrimaryHttpMessageHandler(sp =>
                sp.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>() is TestServer server ? server.CreateHandler() : new SocketsHttpHandler());
            if (ClientAddressHeader) services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFilter>();
            foreach (var replace in _replacements) replace(services);
        });
    }

    /// <summary>Delivers every pending integration event, through outboxes and inboxes, until none is left.</summary>
    /// <summary>
    /// Hands an integration event to one module's inbox, as the outbox relay would (serialised, by event id: a second
    /// delivery of the same id is a no-op). Call <see cref="DrainAsync"/> to process it.
    /// </summary>
    public Task DeliverToAsync<T>(string module, T integrationEvent) where T : Urssaf.SharedKernel.Messaging.IIntegrationEvent =>
        Services.GetServices<Urssaf.SharedKernel.Infrastructure.Messaging.IModuleMessaging>().Single(m => m.Module == module)
            .ReceiveAsync(integrationEvent.EventId, Urssaf.SharedKernel.Infrastructure.Messaging.IntegrationEventTypeRegistry.KeyOf(typeof(T)),
                System.Text.Json.JsonSerializer.Serialize(integrationEvent, WebJson), CancellationToken.None);

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public Task<int> DrainAsync() => Services.GetRequiredService<MessageDrainer>().DrainAsync();

    /// <summary>Runs one of the modules' daily jobs now (as the scheduler would at its hour).</summary>
    public Task<int> RunDailyJobAsync(string name) =>
        Services.GetServices<Urssaf.SharedKernel.Infrastructure.Modules.IDailyJob>().Single(j => j.Name == name).RunAsync(CancellationToken.None);

    public T Scoped<T>(Func<IServiceProvider, T> use)
    {
        using var scope = Services.CreateScope();
        return use(scope.ServiceProvider);
    }

    public async Task<T> ScopedAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    public HttpClient OperatorClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(OperatorKeyOptions.Header, OperatorKey);
        return client;
    }

    /// <summary>
    /// A client holding a signed access token for an account, for module tests that do not go through login:
    /// a real server-side session ("remember me" lifetimes) is opened for it in Identity.
    /// </summary>
    public HttpClient ClientFor(AccountId account, DateTimeOffset? authenticatedAt = null)
    {
        var session = Urssaf.Modules.Identity.Domain.Session.Open(account, rememberMe: true, "test", new Urssaf.Modules.Identity.Domain.SessionOptions(),
            null, null, Clock.GetUtcNow().UtcDateTime);
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Urssaf.Modules.Identity.Persistence.IdentityDbContext>();
            db.Sessions.Add(session);
            db.SaveChanges();
        }

        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken(account, session.Id, authenticatedAt));
        return client;
    }

    /// <param name="authenticatedAt">The login instant (<c>auth_time</c>); now by default.</param>
    public string AccessToken(AccountId account, Guid sessionId, DateTimeOffset? authenticatedAt = null)
    {
        var jwt = Services.GetRequiredService<JwtSettings>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var authTime = (authenticatedAt ?? Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = new JwtSecurityToken(jwt.Issuer, jwt.Audience,
            [new Claim(UrssafClaims.Subject, account.ToString()), new Claim(UrssafClaims.SessionId, sessionId.ToString()),
             new Claim(UrssafClaims.AuthenticationTime, authTime, ClaimValueTypes.Integer64)],
            notBefore: now.AddSeconds(-1), expires: now.AddMinutes(jwt.AccessTokenMinutes),
            signingCredentials: new SigningCredentials(jwt.Key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Values a test handled that must never appear in a log (passwords, codes, secrets); checked at dispose.</summary>
    public List<string> Secrets { get; } = [];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_keepFiles)
        {
            SqliteConnection.ClearAllPools();
            return;
        }

        var leaks = SecretScanner.Find(Logs.Lines, Secrets);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a finalising connection; the temp folder is cleaned by the OS
        }

        if (leaks.Count > 0) throw new InvalidOperationException("Secrets reached the logs:\n" + string.Join("\n", leaks.Take(10)));
    }
}

/// <summary>Gives a request the client address its <c>X-Test-Client-Address</c> header names (tests only).</summary>
internal sealed class ClientAddressFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, call) =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address)) context.Connection.RemoteIpAddress = address;
            await call(context);
        });
        next(app);
    };
}
