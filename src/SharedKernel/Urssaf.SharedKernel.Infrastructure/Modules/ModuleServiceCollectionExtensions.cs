using System.Reflection;
using FluentValidation;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Modules;

/// <summary>A module's database as the host sees it: migrate, check readiness.</summary>
public interface IModuleDatabase
{
    string Module { get; }
    Task MigrateAsync(CancellationToken cancellationToken);
    Task<(bool Ready, string? Problem)> CheckAsync(CancellationToken cancellationToken);

    /// <summary>True when the model has changes that no migration of the configured provider covers.</summary>
    bool HasPendingModelChanges();

    /// <summary>The SQL of all migrations (idempotent where the provider supports it), for review and deployment.</summary>
    string GenerateScript(bool idempotent);
}

public static class ModuleServiceCollectionExtensions
{
    /// <summary>
    /// The wiring every module shares: its context on the configured provider, its validators (internal
    /// ones included, scoped), its integration event handlers, its messaging, its database for the host.
    /// </summary>
    public static IServiceCollection AddModuleCore<TContext, TSqlServer, TSqlite>(
        this IServiceCollection services, IConfiguration configuration, string module, Assembly assembly)
        where TContext : ModuleDbContext
        where TSqlServer : TContext
        where TSqlite : TContext
    {
        services.AddModuleDbContext<TContext, TSqlServer, TSqlite>(configuration, module);
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddIntegrationEventHandlers(assembly, module);
        services.AddModuleParts(assembly);
        services.AddModuleMessaging<TContext>(module);
        services.TryAddSingleton(sp => new SensitivePayloadProtector(new Security.AtRestProtector(Security.AtRestProtector.LoadKey(configuration,
            sp.GetRequiredService<IHostEnvironment>(), SensitivePayloadProtector.ConfigurationKey, SensitivePayloadProtector.KeyFileName))));
        services.TryAddSingleton<SensitivePayloadInterceptor>();
        services.AddSingleton<IModuleDatabase>(sp => new ModuleDatabase<TContext>(module, sp.GetRequiredService<IServiceScopeFactory>()));
        return services;
    }

    private sealed class ModuleDatabase<TContext>(string module, IServiceScopeFactory scopes) : IModuleDatabase
        where TContext : ModuleDbContext
    {
        public string Module => module;

        public async Task MigrateAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            if (db.Database.IsSqlite())
            {
                var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
                var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                if (directory is not null) Directory.CreateDirectory(directory);
            }

            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken); // persistent per file
        }

        public bool HasPendingModelChanges()
        {
            using var scope = scopes.CreateScope();
            return scope.ServiceProvider.GetRequiredService<TContext>().Database.HasPendingModelChanges();
        }

        public string GenerateScript(bool idempotent)
        {
            using var scope = scopes.CreateScope();
            var migrator = scope.ServiceProvider.GetRequiredService<TContext>().GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            return migrator.GenerateScript(options: idempotent
                ? Microsoft.EntityFrameworkCore.Migrations.MigrationsSqlGenerationOptions.Idempotent
                : Microsoft.EntityFrameworkCore.Migrations.MigrationsSqlGenerationOptions.Default);
        }

        public async Task<(bool Ready, string? Problem)> CheckAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            if (!await db.Database.CanConnectAsync(cancellationToken)) return (false, "database unreachable");
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
            return pending.Any() ? (false, "migrations pending") : (true, null);
        }
    }
}

/// <summary><c>/health/ready</c>: every module's database reachable and migrated.</summary>
public sealed class ModuleDatabasesHealthCheck(IEnumerable<IModuleDatabase> databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new Dictionary<string, object>();
        foreach (var database in databases)
        {
            try
            {
                var (ready, problem) = await database.CheckAsync(cancellationToken);
                if (!ready) problems[database.Module] = problem!;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems[database.Module] = ex.GetType().Name;
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("All module databases are migrated.")
            : HealthCheckResult.Unhealthy("Some module databases are not ready.", data: problems);
    }
}
