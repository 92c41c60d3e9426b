using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Urssaf.SharedKernel.Infrastructure.Persistence;

/// <summary>
/// Inserts many rows of a mapped entity with one prepared INSERT, inside the context's current transaction, for
/// daily jobs that write hundreds of thousands of rows (EF's per-entity change tracking dominates there). Column
/// names and value conversions come from EF's own model and type mappings, so the rows are exactly what
/// <c>SaveChanges</c> would write, on either provider. Owned types and shadow properties are not supported.
/// </summary>
public static class BulkInsert
{
    public static async Task InsertAsync<T>(this DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return;
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Bulk inserts run inside an explicit transaction, with the writes they belong to.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping(),
                Getter: typeof(T).GetProperty(p.Name) ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is not a CLR property.")))
            .ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
                              $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) " +
                              $"VALUES ({string.Join(", ", columns.Select((_, i) => sql.GenerateParameterName($"p{i}")))})";
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var i = 0; i < columns.Length; i++)
            {
                var (property, _, mapping, getter) = columns[i];
                command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName($"p{i}"), getter.GetValue(row), property.IsNullable));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
