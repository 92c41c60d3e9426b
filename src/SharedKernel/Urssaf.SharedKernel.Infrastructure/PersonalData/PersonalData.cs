using System.Text.Json;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.SharedKernel.Infrastructure.PersonalData;

/// <summary>
/// A module's part of a person's data export (GDPR art. 15, ADR 0110). Each module registers one, reading only its own
/// tables; Identity's export job calls them in turn and writes one ZIP. A module that stores new personal data adds it
/// to its contributor (the export completeness test lists what each module must cover).
/// </summary>
public interface IPersonalDataContributor
{
    /// <summary>The module's name: the JSON file <c>&lt;module&gt;.json</c> of the archive.</summary>
    string Module { get; }

    /// <summary>
    /// Writes the module's data about the account as members of the open JSON object (<c>"mandates": [...]</c>); rows are
    /// streamed, never loaded all at once.
    /// </summary>
    Task WriteJsonAsync(AccountId account, Utf8JsonWriter json, CancellationToken cancellationToken);

    /// <summary>The account's files (PDFs, attachments), opened one at a time while the archive is written.</summary>
    IAsyncEnumerable<PersonalDataFile> FilesAsync(AccountId account, CancellationToken cancellationToken);
}

/// <param name="Name">Path inside the module's folder of the archive (<c>documents/files/&lt;id&gt;.pdf</c>).</param>
public sealed record PersonalDataFile(string Name, string ContentType, Func<CancellationToken, Task<Stream>> Open);

public static class PersonalDataJson
{
    /// <summary>Streams rows as a JSON array member, one row at a time.</summary>
    public static async Task WriteArrayAsync<T>(this Utf8JsonWriter json, string name, IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(json, row, Options);
            if (++written % 200 == 0) await json.FlushAsync(cancellationToken);
        }

        json.WriteEndArray();
    }

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
