using System.Collections;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Urssaf.SharedKernel.Infrastructure.Persistence;

/// <summary>
/// Inserts many rows of a mapped entity with one prepared INSERT, inside the context's current transaction, for
/// daily jobs and the seed verb that write hundreds of thousands of rows (EF's per-entity change tracking dominates
/// there). Column names, value conversions and JSON documents come from EF's own model and type mappings, so the rows
/// are what <c>SaveChanges</c> would write, on either provider. Owned types are supported when mapped to a JSON
/// column (<c>ToJson</c>) with scalar properties only; shadow properties and table-split owned types are not.
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
        var columns = entity.GetProperties().Select(p => ScalarColumn(p, table))
            .Concat(entity.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent)
                .Select(n => JsonColumn(n, db.Model.GetRelationalModel().FindTable(table.Name, table.Schema)!)))
            .ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
                              $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
                              $"VALUES ({string.Join(", ", columns.Select((_, i) => sql.GenerateParameterName($"p{i}")))})";
        var names = columns.Select((_, i) => sql.GenerateParameterName($"p{i}")).ToArray();
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var i = 0; i < columns.Length; i++)
            {
                var column = columns[i];
                command.Parameters.Add(column.Mapping.CreateParameter(command, names[i], column.Value(row), column.Nullable));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Value);

    private static Column ScalarColumn(IProperty property, StoreObjectIdentifier table)
    {
        if (property.IsShadowProperty())
            throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} is a shadow property: bulk inserts write CLR properties only.");
        var getter = property.GetGetter();
        return new Column(property.GetColumnName(table)!, property.GetRelationalTypeMapping(), property.IsNullable, getter.GetClrValueUsingContainingEntity);
    }

    /// <summary>An owned reference or collection mapped to one JSON column, written as EF's update pipeline writes it.</summary>
    private static Column JsonColumn(INavigation navigation, ITable table)
    {
        var owned = navigation.TargetEntityType;
        if (!owned.IsMappedToJson())
            throw new NotSupportedException($"{navigation.DeclaringEntityType.DisplayName()}.{navigation.Name} is owned but not mapped to JSON: bulk inserts do not write table-split owned types.");
        if (owned.GetNavigations().Any())
            throw new NotSupportedException($"{owned.DisplayName()} nests owned types: bulk inserts write flat JSON documents only.");
        // EF writes every non-key property (the owner key and a collection's ordinal are not in the document), in model order
        var properties = owned.GetProperties().Where(p => !p.IsKey())
            .Select(p => (Name: JsonEncodedText.Encode(p.GetJsonPropertyName()!), Getter: p.GetGetter(),
                Writer: p.GetJsonValueReaderWriter() ?? p.GetTypeMapping().JsonValueReaderWriter
                    ?? throw new NotSupportedException($"{owned.DisplayName()}.{p.Name} has no JSON reader/writer.")))
            .ToArray();
        var getter = navigation.GetGetter();
        var column = table.FindColumn(owned.GetContainerColumnName()!)!;
        return new Column(column.Name, column.StoreTypeMapping, true, row =>
        {
            var value = getter.GetClrValueUsingContainingEntity(row);
            if (value is null) return null;
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                if (navigation.IsCollection)
                {
                    writer.WriteStartArray();
                    foreach (var element in (IEnumerable)value) WriteObject(writer, element, properties);
                    writer.WriteEndArray();
                }
                else
                {
                    WriteObject(writer, value, properties);
                }
            }

            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        });
    }

    private static void WriteObject(Utf8JsonWriter writer, object element,
        (JsonEncodedText Name, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.Json.JsonValueReaderWriter Writer)[] properties)
    {
        writer.WriteStartObject();
        foreach (var (name, getter, json) in properties)
        {
            writer.WritePropertyName(name);
            var value = getter.GetClrValueUsingContainingEntity(element);
            if (value is null) writer.WriteNullValue();
            else json.ToJson(writer, value);
        }

        writer.WriteEndObject();
    }
}
