using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Urssaf.SharedKernel.Infrastructure.Hosting;

namespace Urssaf.SharedKernel.Infrastructure.Persistence;

/// <summary>
/// Registers a module's context for the configured provider: one schema per module in one SQL Server
/// database, or one SQLite file per module under the data directory (ADR 0006). Contexts are pooled (ADR 0021):
/// building a context's internal services and options on every scope cost about a tenth of a simple request.
/// </summary>
public static class ModuleDbContextRegistration
{
    public static IServiceCollection AddModuleDbContext<TContext, TSqlServer, TSqlite>(
        this IServiceCollection services, IConfiguration configuration, string schema)
        where TContext : ModuleDbContext
        where TSqlServer : TContext
        where TSqlite : TContext
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();

        switch (database.Provider)
        {
            case DatabaseProvider.SqlServer:
                var connectionString = configuration.GetConnectionString("Urssaf")
                    ?? throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Urssaf is not set.");
                services.AddDbContextPool<TContext, TSqlServer>((sp, o) => o.UseModuleSqlServer(connectionString, schema).AddInterceptors(Interceptors(sp, schema)).ForEnvironment(sp));
                services.AddSingleton<IModuleWriter<TContext>, DirectWriter<TContext>>(); // ordinary transactions (ADR 0130)
                break;
            case DatabaseProvider.Sqlite:
                var file = SqliteFile(storage, schema);
                // the pooled contexts and the writer's share one configuration, hence one EF service provider and one model
                void Sqlite(IServiceProvider sp, DbContextOptionsBuilder o) =>
                    o.UseModuleSqlite(SqliteConnectionString(file, database), schema, database).AddInterceptors(Interceptors(sp, schema)).ForEnvironment(sp);
                services.AddDbContextPool<TContext, TSqlite>(Sqlite);
                // One writer per module database, on a context of its own (not pooled: it keeps its connection open)
                services.AddSingleton<IModuleWriter<TContext>>(sp => new GroupCommitWriter<TContext>(() =>
                {
                    var options = new DbContextOptionsBuilder<TSqlite>();
                    Sqlite(sp, options);
                    return (TContext)Activator.CreateInstance(typeof(TSqlite), options.Options)!;
                }));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{database.Provider}'.");
        }

        return services;
    }

    /// <summary>A module's own EF interceptors: registered as keyed <see cref="IInterceptor"/> services under its schema.</summary>
    private static IInterceptor[] Interceptors(IServiceProvider services, string schema) =>
        [services.GetRequiredService<Messaging.SensitivePayloadInterceptor>(), .. services.GetKeyedServices<IInterceptor>(schema)];

    /// <summary>
    /// In the Testing environment a start skips EF's check for model changes no migration covers (a diff of each model
    /// against its snapshot, a tenth of a test host's start): <c>ModuleMigrationTests</c> makes that check for every
    /// module on both providers (ADR 0142). Everywhere else a start with such changes fails, as EF decides.
    /// </summary>
    private static DbContextOptionsBuilder ForEnvironment(this DbContextOptionsBuilder builder, IServiceProvider services) =>
        services.GetService<IHostEnvironment>()?.IsTesting() == true
            ? builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            : builder;

    public static string SqliteFile(StorageOptions storage, string schema) =>
        Path.Combine(storage.FullDataDirectory, $"{schema}.db");

    public static string SqliteConnectionString(string file, DatabaseOptions? database = null) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (database?.SqliteBusyTimeoutMilliseconds ?? 30_000) / 1000),
        }.ToString();

    /// <summary>Provider options shared by run time and the design-time factories.</summary>
    public static DbContextOptionsBuilder UseModuleSqlServer(this DbContextOptionsBuilder builder, string connectionString, string schema) =>
        builder.UseSqlServer(connectionString, x => x.MigrationsHistoryTable("__EFMigrationsHistory", schema));

    public static DbContextOptionsBuilder UseModuleSqlite(
        this DbContextOptionsBuilder builder, string connectionString, string schema, DatabaseOptions? database = null) =>
        builder.UseSqlite(connectionString, x => x.MigrationsHistoryTable($"__EFMigrationsHistory_{schema}"))
            .AddInterceptors(new SqlitePragmas(database ?? new DatabaseOptions()))
            .ConfigureWarnings(w => w.Ignore(SqliteEventId.SchemaConfiguredWarning));

    /// <summary>
    /// Per-connection SQLite settings: durability level, busy wait, foreign keys, and <c>secure_delete=FAST</c>: deleted
    /// content is zeroed in its page instead of left readable in the file (ADR 0040), at no extra page write.
    /// </summary>
    private sealed class SqlitePragmas(DatabaseOptions options) : DbConnectionInterceptor
    {
        private readonly string _sql =
            $"PRAGMA synchronous={(options.SqliteSynchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; " +
            $"PRAGMA busy_timeout={options.SqliteBusyTimeoutMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA secure_delete=FAST;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = _sql;
            command.ExecuteNonQuery();
        }
    }
}
