using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Xunit;

namespace Urssaf.TestKit;

/// <summary>
/// M1/M2 for one module, inherited by each module's test project: both providers' migrations cover the model,
/// SQLite migrates an empty file twice, and the idempotent SQL Server script parses with zero T-SQL errors.
/// </summary>
public abstract class ModuleMigrationTests(IModule module)
{
    [Fact]
    public void The_SqlServer_migrations_cover_the_model() =>
        Assert.False(Database("SqlServer", out _).HasPendingModelChanges(), $"{module.Name}: add a migration with scripts/add-migration.sh");

    [Fact]
    public void The_Sqlite_migrations_cover_the_model() =>
        Assert.False(Database("Sqlite", out _).HasPendingModelChanges(), $"{module.Name}: add a migration with scripts/add-migration.sh");

    [Fact]
    public async Task An_empty_Sqlite_file_migrates_and_migrating_again_is_a_no_op()
    {
        var database = Database("Sqlite", out var directory);
        try
        {
            await database.MigrateAsync(CancellationToken.None);
            await database.MigrateAsync(CancellationToken.None);
            var (ready, problem) = await database.CheckAsync(CancellationToken.None);
            Assert.True(ready, problem);
            Assert.True(File.Exists(Path.Combine(directory, $"{module.Name}.db")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_idempotent_SqlServer_script_parses_without_errors()
    {
        var script = Database("SqlServer", out _).GenerateScript(idempotent: true);
        Assert.Contains($"[{module.Name}]", script);
        var errors = SqlServerScript.Parse(script);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")));
    }

    private IModuleDatabase Database(string provider, out string directory)
    {
        directory = Path.Combine(Path.GetTempPath(), "urssaf-migrations", Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Urssaf"] = "Server=unreachable.invalid;Database=Urssaf;TrustServerCertificate=true",
            ["Storage:DataDirectory"] = directory,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        module.AddServices(services, configuration);
        return services.BuildServiceProvider().GetServices<IModuleDatabase>().Single(d => d.Module == module.Name);
    }
}

public static class SqlServerScript
{
    /// <summary>Parses T-SQL (with GO batches) as SQL Server 2022 would; returns the errors.</summary>
    public static IList<ParseError> Parse(string script)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        return errors;
    }
}
