using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Features.SeedDemoData;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Declarations.Tests.Integration;

/// <summary>
/// The seeder writes enterprises and declarations with the bulk insert, the lines serialized by hand from EF's model:
/// the rows must be the ones EF's <c>SaveChanges</c> writes for the same entities, column by column (the JSON text included).
/// </summary>
public sealed class SeedDemoDataTests(April2026App app) : IClassFixture<April2026App>
{
    [Fact]
    public async Task Bulk_seeded_declarations_read_back_through_EF_and_are_the_rows_EF_writes()
    {
        var accounts = Enumerable.Range(700_000, 3).Select(SeedAccount.Create).ToList();
        var context = new SeedContext(app.Clock.GetUtcNow().UtcDateTime);
        var seeder = app.Services.GetServices<IModuleSeeder>().OfType<DeclarationsSeeder>().Single();
        await using (var scope = app.Services.CreateAsyncScope())
            await seeder.SeedAsync(accounts, context, scope.ServiceProvider, CancellationToken.None);

        var ids = accounts.Select(a => new AccountId(a.AccountId)).ToList();
        var sirets = accounts.Select(a => a.Siret).ToList();
        List<Enterprise> enterprises;
        List<Declaration> declarations;
        Dictionary<string, string> bulkRows;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DeclarationsDbContext>();
            enterprises = await db.Enterprises.AsNoTracking().Where(e => sirets.Contains(e.Siret)).ToListAsync();
            declarations = await db.Declarations.AsNoTracking().Where(d => ids.Contains(d.AccountId)).ToListAsync();
            bulkRows = await RowsAsync(db, sirets, declarations.Select(d => d.Id));

            // amounts, lines and version as the draft computed them: 2025-Q2 to 2026-Q1 for each account
            Assert.Equal(3, enterprises.Count);
            Assert.Equal(12, declarations.Count);
            foreach (var d in declarations)
            {
                var seeded = context.Declarations[(d.AccountId.Value, d.Period)];
                Assert.Equal((seeded.DeclarationId, seeded.TotalCents, seeded.DueDate, seeded.SubmittedAtUtc, 1),
                    (d.Id, d.TotalCents, d.DueDate, d.SubmittedOnUtc, d.Version));
                var line = Assert.Single(d.Lines);
                Assert.Equal((ActivityCategory.LiberalBnc, (string?)null), (line.Category, line.Part));
                Assert.InRange(line.Turnover, 0, 11_000);
                Assert.Equal(d.SocialContributionsCents, line.SocialContributionsCents);
                Assert.True(line.RatePerHundredThousand > 0);
                Assert.Equal(d.SocialContributionsCents + d.TrainingContributionCents + d.ChamberTaxCents + d.IncomeTaxCents, d.TotalCents);
            }

            Assert.Equal(new[] { "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1" },
                declarations.Where(d => d.AccountId == ids[0]).Select(d => d.Period).Order());
            Assert.Contains("\"Category\":\"LiberalBnc\"", bulkRows.Values.First(r => r.StartsWith("D|", StringComparison.Ordinal)));

            await db.Declarations.Where(d => ids.Contains(d.AccountId)).ExecuteDeleteAsync();
            await db.Enterprises.Where(e => sirets.Contains(e.Siret)).ExecuteDeleteAsync();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DeclarationsDbContext>();
            db.Enterprises.AddRange(enterprises);
            db.Declarations.AddRange(declarations);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            var efRows = await RowsAsync(db, sirets, declarations.Select(d => d.Id));
            Assert.Equal(bulkRows.Keys.Order(), efRows.Keys.Order());
            foreach (var (key, row) in efRows) Assert.Equal(row, bulkRows[key]); // a differing row shows where it differs
        }
    }

    /// <summary>Every stored column of the rows, as text, by table and key.</summary>
    private static async Task<Dictionary<string, string>> RowsAsync(DeclarationsDbContext db, IEnumerable<string> sirets, IEnumerable<Guid> declarationIds)
    {
        var rows = new Dictionary<string, string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            foreach (var siret in sirets)
                await ReadAsync(connection, "E", "SELECT * FROM \"Enterprises\" WHERE \"Siret\" = $key", siret, rows);
            foreach (var id in declarationIds)
                await ReadAsync(connection, "D", "SELECT * FROM \"Declarations\" WHERE \"Id\" = $key", id.ToString().ToUpperInvariant(), rows);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return rows;
    }

    private static async Task ReadAsync(DbConnection connection, string table, string sql, string key, Dictionary<string, string> rows)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{table} {key} is missing");
        var values = Enumerable.Range(0, reader.FieldCount)
            .Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}:{reader.GetValue(i).GetType().Name}");
        rows[$"{table}|{key}"] = $"{table}|{string.Join("|", values)}";
    }
}
