using System.Text.Json;
using System.Text.Json.Serialization;
using Carter;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Quartz;
using Scalar.AspNetCore;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.Web;

namespace Urssaf.Api;

/// <summary>Everything the host wires, in the order it matters.</summary>
internal static class UrssafHostSetup
{
    public static WebApplicationBuilder AddUrssaf(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        Directory.CreateDirectory(storage.FullDataDirectory);
        services.AddSingleton(new HostLiveness(storage.FullDataDirectory)); // held from now on, verbs included

        builder.ConfigureLogging();
        builder.AddTelemetry();
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<MessagingOptions>(configuration.GetSection(MessagingOptions.Section));
        services.AddSingleton(CreateClock(builder));
        services.AddSingleton<IHostVerb, SeedVerb>();
        services.AddSingleton(sp => Urssaf.SharedKernel.Infrastructure.Journal.JournalSigner.Load(configuration, sp.GetRequiredService<IHostEnvironment>()));
        services.AddDailyJobService<Urssaf.SharedKernel.Infrastructure.Journal.JournalCheckpointJob>();
        services.AddDailyJobService<Urssaf.SharedKernel.Infrastructure.Journal.JournalRetentionJob>();

        foreach (var module in ModuleCatalog.All) module.AddServices(services, configuration);
        services.AddSingleton(new IntegrationEventTypeRegistry(ModuleCatalog.All.Select(m => m.ContractsAssembly)));
        services.AddUrssafMediator();
        var moduleAssemblies = ModuleCatalog.All.Select(m => m.GetType().Assembly).ToArray();
        services.AddCarter(new DependencyContextAssemblyCatalog(moduleAssemblies), c => c
            .WithModules(CarterEndpoints(moduleAssemblies)) // Carter's own scan skips internal endpoints
            .WithEmptyValidators());                        // validation runs in the mediator pipeline (ADR 0004)

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier;
            // a problem the framework made (unknown route, wrong method or media type) gets a stable code too
            if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
                ctx.ProblemDetails.Extensions["code"] = ctx.ProblemDetails.Status switch
                {
                    404 => "request.route.not_found",
                    405 => "request.method.not_allowed",
                    415 => "request.content_type.unsupported",
                    401 => "request.authentication.required",
                    403 => "request.access.denied",
                    >= 500 => "server.error",
                    _ => "request.invalid",
                };
            // every problem links to its help entry: what the code means and what to do (ADR 0101)
            if (ctx.ProblemDetails.Extensions["code"] is string code)
                ctx.ProblemDetails.Extensions["help"] = "/api/v1/support/help/" + Uri.EscapeDataString(code);
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // bad JSON reaches the handler above as a 400

        services.AddUrssafWeb(configuration, builder.Environment); // the web account at / (ADR 0080): only the public API, over loopback
        builder.AddForwardedHeaders();
        builder.AddUrssafSecurity(storage);
        builder.AddRequestLimits();
        services.AddRequestTimeouts();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Urssaf Account API";
            document.Info.Description = "The micro-entrepreneur's Urssaf account: declarations, payments, attestations.";
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentEndpointMetadata>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = IdempotencyExtensions.Header,
                    In = Microsoft.OpenApi.ParameterLocation.Header,
                    Description = "Up to 255 printable characters; a retry with the same key and body replays the first response.",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MaxLength = 255 },
                });
            }

            return Task.CompletedTask;
        }));
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.ShouldMigrateOnStartup) services.AddHostedService<MigrateOnStartup>(); // registered first: runs before the jobs and the server
        if (database.Provider == DatabaseProvider.Sqlite) services.AddHostedService<ReleaseLeasesOnStartup>();
        services.AddHealthChecks().AddCheck<ModuleDatabasesHealthCheck>("databases", tags: ["ready"])
            .AddCheck<DeadLettersHealthCheck>("dead-letters", tags: ["ready"]);

        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        services.AddSingleton<IJobLock>(database.Provider == DatabaseProvider.SqlServer
            ? new SqlServerJobLock(configuration.GetConnectionString("Urssaf")
                                   ?? throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Urssaf is not set."))
            : new FileJobLock(storage.FullDataDirectory));
        services.AddQuartz(q =>
        {
            if (database.Provider == DatabaseProvider.SqlServer && messaging.ClusteredSchedulerOnSqlServer) UseClusteredStore(q, configuration);
            foreach (var module in ModuleCatalog.All) module.AddJobs(q, configuration);
            q.AddJob<QueueMonitorJob>(j => j.WithIdentity(QueueMonitorJob.Key));
            q.AddTrigger(t => t.ForJob(QueueMonitorJob.Key).WithIdentity("queue-monitor-trigger", "messaging").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(15)).RepeatForever()));
            q.AddDailyJob<Urssaf.SharedKernel.Infrastructure.Journal.JournalCheckpointJob>(
                Urssaf.SharedKernel.Infrastructure.Journal.JournalCheckpointJob.JobName, configuration, "0 0 * * * ?"); // hourly
            q.AddDailyJob<Urssaf.SharedKernel.Infrastructure.Journal.JournalRetentionJob>(
                Urssaf.SharedKernel.Infrastructure.Journal.JournalRetentionJob.JobName, configuration, "0 45 3 * * ?"); // 03:45 Paris
        });
        if (messaging.SchedulerEnabled) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    /// <summary>
    /// On SQL Server, several hosts share one Quartz job store (ADO.NET, clustered), so each daily job and each messaging
    /// job fires on one host at a time; the store's tables (QRTZ_*) are created if missing when the scheduler starts
    /// (ADR 124, docs/operations.md). SQLite keeps the in-memory store: one host per data directory.
    /// </summary>
    private static void UseClusteredStore(IQuartzBuilder q, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Urssaf")
                               ?? throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Urssaf is not set.");
        q.ConfigureScheduler(o =>
        {
            o.InstanceName = "urssaf"; // the same on every host: they form one cluster
            o.GenerateInstanceId = true; // a distinct instance id per host, as clustering requires
        });
        q.UsePersistentStore(store =>
        {
            store.UseSqlServer(connectionString);
            store.UseClustering(c =>
            {
                c.CheckinInterval = TimeSpan.FromSeconds(10);
                c.CheckinMisfireThreshold = TimeSpan.FromSeconds(30); // a host silent this long is dead: its jobs are recovered
            });
            store.UseSystemTextJsonSerializer();
            store.ProvisionSchema();
        });
    }

    public static Type[] CarterEndpoints(IEnumerable<System.Reflection.Assembly> assemblies) =>
        assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICarterModule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        json.RespectNullableAnnotations = true;            // a null where the contract says non-null is a 400
        json.RespectRequiredConstructorParameters = true;  // a missing field is a 400
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow; // an unknown field is a 400 (no mass assignment)
        json.NumberHandling = JsonNumberHandling.Strict;
    }

    public static WebApplication UseUrssaf(this WebApplication app)
    {
        app.UseConfiguredForwardedHeaders(); // first: everything after sees the client behind a trusted proxy
        app.UseUrssafWeb(); // the pages' own French error pages and headers
        app.UseWhen(c => !WebAccount.IsWebPath(c.Request.Path), api => api.UseExceptionHandler().UseStatusCodePages()); // problem documents
        app.UseRouting();
        app.UseRequestTimeouts(); // idempotent endpoints end before their key's lease (ADR 0123)
        app.UseRequestLimits(); // after routing: a route may carry its own size limit (secure-messaging uploads)
        app.UseIdempotencyBuffering();
        var tokenLimiter = app.Services.GetRequiredService<TokenEndpointRateLimiter>();
        app.Use((context, next) => tokenLimiter.InvokeAsync(context, next)); // before the OAuth server checks client credentials
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseOperatorActionJournal(); // before authorization, so refused operator calls are journaled too
        app.UseAuthorization();

        app.MapOpenApi();
        if (app.Environment.IsDevelopment()) app.MapScalarApiReference();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", OperatorMessagingEndpoints.ReadyOptions);
        app.MapOperatorMessaging();
        app.MapCarter();
        app.MapUrssafWeb();
        return app;
    }

    private static TimeProvider CreateClock(WebApplicationBuilder builder)
    {
        var startAt = builder.Configuration["Clock:StartAt"];
        if (string.IsNullOrWhiteSpace(startAt)) return TimeProvider.System;
        if (builder.Environment.IsProductionLike())
            throw new InvalidOperationException($"Clock:StartAt is refused in the {builder.Environment.EnvironmentName} environment (only Development and Testing allow it): the service must run on the real time.");
        if (!DateTimeOffset.TryParse(startAt, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var instant))
            throw new InvalidOperationException("Clock:StartAt must be an ISO 8601 instant, e.g. 2026-05-01T08:00:00Z.");
        return new StartAtTimeProvider(instant, TimeProvider.System);
    }

    private static void ConfigureLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (builder.Configuration["Logging:Format"] is "json" || (!builder.Environment.IsDevelopment() && builder.Configuration["Logging:Format"] is null))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
    }

    /// <summary>
    /// On SQLite, a host that starts alone on its data directory knows that every message lease it finds belongs to a
    /// process that died: released at once instead of after the lease time. Beside another live process (a second host,
    /// a <c>drain</c> verb), the leases may be that process's, and are left to expire (ADR 0120).
    /// </summary>
    private sealed class ReleaseLeasesOnStartup(IEnumerable<IModuleMessaging> modules, HostLiveness liveness, ILogger<HostLiveness> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (liveness.OthersAlive())
            {
                logger.LogInformation("Another host process is running on this data directory: message leases are left to expire.");
                return;
            }

            foreach (var module in modules) await module.ReleaseLeasesAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Applies every module's migrations when the host starts (embedded default; ADR 6).</summary>
    private sealed class MigrateOnStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => HostVerbs.MigrateAsync(services, cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
