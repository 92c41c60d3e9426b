using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>
/// Walks the OpenAPI document and sends every operation generated bad requests: malformed JSON, wrong types, missing
/// and extra fields, huge strings and bodies, negative, overflowing and fractional numbers, unknown enum values,
/// invalid identifiers and periods in the path, bad paging and headers. Every answer must be a 4xx problem
/// document, and no module database may change.
/// </summary>
public sealed class BadInputTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    /// <summary>Tables a well-formed but wrong credential legitimately writes (throttling and the connection journal, SECURITY.md §1.7), and the
    /// tamper-evident journal, which records every operator call, refused ones included (ADR 0112).</summary>
    private static readonly HashSet<string> SecurityJournals = ["ConnectionJournal", "LoginThrottles", "Journal"];

    [Fact]
    public async Task Every_operation_answers_bad_requests_with_a_4xx_problem_and_writes_nothing()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var account = app.ClientFor(AccountId.New());
        var requests = new List<(string Method, string Url, HttpContent? Body, (string, string)? Header, string What)>();
        var operations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (path.StartsWith("/health", StringComparison.Ordinal) || path.StartsWith("/openapi", StringComparison.Ordinal)) continue;
                operations++;
                var http = method.ToUpperInvariant();
                var url = ValidPath(path);
                var schema = operation!["requestBody"]?["content"]?["application/json"]?["schema"];
                if (schema is not null)
                {
                    var skeleton = Sample(Resolve(schema, document), document, 0);
                    foreach (var (body, what) in BodyMutations(skeleton, Resolve(schema, document), document))
                        requests.Add((http, url, Json(body), null, what));
                    requests.Add((http, url, new StringContent("{\"unterminated\":", Encoding.UTF8, "application/json"), null, "malformed JSON"));
                    requests.Add((http, url, new StringContent("", Encoding.UTF8, "application/json"), null, "empty body"));
                    requests.Add((http, url, new StringContent("[1,2,3]", Encoding.UTF8, "application/json"), null, "array instead of object"));
                    requests.Add((http, url, new StringContent("{\"a\":\"" + new string('x', 2_000_000) + "\"}", Encoding.UTF8, "application/json"), null, "2 MB body"));
                    requests.Add((http, url, new StringContent("<x/>", Encoding.UTF8, "text/plain"), null, "wrong content type"));
                    requests.Add((http, url, Json(skeleton), ("Idempotency-Key", new string('k', 300)), "oversized Idempotency-Key"));
                    requests.Add((http, url, Json(skeleton), ("If-Match", new string('"', 100)), "garbage If-Match"));
                }
                else if (http is "POST" or "PUT")
                {
                    requests.Add((http, url, new StringContent("{\"unterminated\":", Encoding.UTF8, "application/json"), null, "unexpected body"));
                }

                foreach (var bad in BadPaths(path))
                    requests.Add((http, bad, schema is null ? null : Json(Sample(Resolve(schema, document), document, 0)), null, "invalid path parameter"));
                if (operation["parameters"]?.AsArray().Any(p => p!["name"]?.GetValue<string>() == "pageSize") == true)
                    foreach (var query in new[] { "?page=0", "?pageSize=100000", "?page=abc", "?pageSize=-5", "?page=99999999999" })
                        requests.Add((http, url + query, null, null, "bad paging " + query));
            }
        }

        var before = Snapshot();
        var failures = new List<string>();
        foreach (var (method, url, body, header, what) in requests)
        {
            var client = url.StartsWith("/api/v1/operator", StringComparison.Ordinal) ? app.OperatorClient() : account;
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = body };
            if (header is var (name, value)) request.Headers.TryAddWithoutValidation(name, value);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            if (status == 202 && AntiEnumeration.Any(url.StartsWith))
                continue; // well-formed: the same answer whether or not the account exists (no enumeration)
            if (status is < 400 or > 499)
                failures.Add($"{method} {Short(url)} [{what}] → {status}");
            else if (type != "application/problem+json" && status != 405)
                failures.Add($"{method} {Short(url)} [{what}] → {status} as {type ?? "no body"}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} bad requests were mishandled:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(operations >= 40, $"only {operations} operations found");
        var after = Snapshot();
        var changed = after.Where(t => before.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key}: {before.GetValueOrDefault(t.Key)} → {t.Value}").ToList();
        Assert.True(changed.Count == 0, "written by bad requests: " + string.Join(", ", changed));
        Assert.True(requests.Count > 500, $"{requests.Count} requests");
    }

    /// <summary>Endpoints that answer 202 to any well-formed request so that nobody learns whether an account exists.</summary>
    private static readonly string[] AntiEnumeration = ["/api/v1/identity/recoveries", "/api/v1/identity/registrations"];

    private static string Short(string url) => url.Length > 90 ? url[..90] + "…" : url;

    private static StringContent Json(JsonNode? node) => new(node?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");

    /// <summary>Path parameters filled with plausible values, so that only the body is wrong.</summary>
    private static string ValidPath(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+)(:[^}]+)?\}", m => m.Groups[1].Value switch
    {
        "period" => "2026-Q1",
        "collectionDate" => "2026-06-01",
        "year" => "2026",
        "verificationCode" => "0000000000000000000000000A",
        _ => Guid.NewGuid().ToString(),
    });

    private static IEnumerable<string> BadPaths(string path)
    {
        if (!path.Contains('{')) yield break;
        foreach (var bad in new[] { "not-an-id", "2026-13", "2026-Q5", "..%2F..%2Fetc%2Fpasswd", new string('9', 3000), "%C0%AE", "-1", "1e400" })
            yield return System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", bad);
    }

    private static JsonNode Resolve(JsonNode schema, JsonNode document)
    {
        while (schema["$ref"]?.GetValue<string>() is { } reference)
            schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        return schema;
    }

    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => schema["enum"] is not null ? "string" : schema["properties"] is not null ? "object" : null,
    };

    /// <summary>A body of the right shape whose values are wrong for any real rule ("x", 1): a base for one mutation at a time.</summary>
    private static JsonNode? Sample(JsonNode schema, JsonNode document, int depth)
    {
        schema = Resolve(schema, document);
        if (schema["enum"] is JsonArray values) return JsonValue.Create(values[0]!.ToString());
        return TypeOf(schema) switch
        {
            "object" when depth < 4 => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, document, depth + 1)))),
            "array" => new JsonArray(schema["items"] is { } items ? Sample(items, document, depth + 1) : JsonValue.Create(1)),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(true),
            _ => JsonValue.Create("x"),
        };
    }

    private static IEnumerable<(JsonNode? Body, string What)> BodyMutations(JsonNode? skeleton, JsonNode schema, JsonNode document)
    {
        if (skeleton is not JsonObject obj) yield break;
        var withExtra = obj.DeepClone().AsObject();
        withExtra["unexpectedField"] = 1;
        yield return (withExtra, "extra field");
        foreach (var (name, _) in obj)
        {
            var property = Resolve(schema["properties"]![name]!, document);
            var type = TypeOf(property);
            JsonNode?[] wrong = type switch
            {
                "integer" => [JsonValue.Create(-1), JsonValue.Create(1.5), JsonValue.Create(1e40), JsonValue.Create("12"), null, new JsonObject()],
                "number" => [JsonValue.Create(-1), JsonValue.Create(1.001), JsonValue.Create(1e40), JsonValue.Create("12"), null],
                "boolean" => [JsonValue.Create("yes"), JsonValue.Create(2), null],
                "array" => [JsonValue.Create("x"), new JsonArray(Enumerable.Range(0, 500).Select(_ => (JsonNode?)JsonValue.Create("x")).ToArray()), null, new JsonArray(new JsonObject())],
                _ => [JsonValue.Create(42), JsonValue.Create(new string('é', 100_000)), JsonValue.Create("zzz_unknown"), JsonValue.Create(""), null, new JsonArray()],
            };
            var missing = obj.DeepClone().AsObject();
            missing.Remove(name);
            yield return (missing, $"missing {name}");
            foreach (var value in wrong)
            {
                var mutated = obj.DeepClone().AsObject();
                mutated[name] = value?.DeepClone();
                yield return (mutated, $"{name} = {Describe(value)}");
            }
        }
    }

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 30 ? text[..30] + "…" : text;
    }

    /// <summary>Row counts of every table of every module database (security journals aside).</summary>
    private Dictionary<string, long> Snapshot()
    {
        var counts = new Dictionary<string, long>();
        foreach (var file in Directory.GetFiles(app.DataDirectory, "*.db"))
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                using var reader = list.ExecuteReader();
                while (reader.Read()) tables.Add(reader.GetString(0));
            }

            foreach (var table in tables.Where(t => !SecurityJournals.Contains(t)))
            {
                using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                counts[$"{Path.GetFileName(file)}:{table}"] = (long)count.ExecuteScalar()!;
            }
        }

        return counts;
    }
}
