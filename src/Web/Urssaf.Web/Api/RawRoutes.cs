using System.Text;
using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Urssaf.Client.Models;

namespace Urssaf.Web.Api;

/// <summary>
/// Public routes fixed in API.md that the generated client does not carry yet (FranceConnect): sent through the same
/// Kiota adapter (same base URL, same error capture). Replace with the typed call once the client is regenerated.
/// </summary>
public static class FranceConnectSession
{
    public static Task<TokenResponse?> OpenAsync(IRequestAdapter adapter, string loginCode, CancellationToken ct)
    {
        var info = new RequestInformation
        {
            HttpMethod = Method.POST,
            UrlTemplate = "{+baseurl}/api/v1/identity/franceconnect/sessions",
            PathParameters = new Dictionary<string, object> { ["baseurl"] = adapter.BaseUrl! },
        };
        info.Headers.TryAdd("Accept", "application/json");
        info.SetStreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { loginCode }))), "application/json");
        return adapter.SendAsync(info, TokenResponse.CreateFromDiscriminatorValue, null, ct);
    }
}

/// <summary>
/// The passkey routes (API.md) sent as raw JSON through the typed client's adapter (same base URL, token and error
/// capture): the WebAuthn options and credentials are opaque JSON the browser produces and consumes as is.
/// </summary>
public static class PasskeyRoutes
{
    public static Task<string?> PostJsonAsync(IRequestAdapter adapter, string path, string? json, CancellationToken ct) =>
        RawJson.SendAsync(adapter, Method.POST, path, json, ct);

    public static Task<TokenResponse?> OpenSessionAsync(IRequestAdapter adapter, Guid optionsId, JsonElement credential, CancellationToken ct)
    {
        var info = new RequestInformation
        {
            HttpMethod = Method.POST,
            UrlTemplate = "{+baseurl}/api/v1/identity/sessions/passkey",
            PathParameters = new Dictionary<string, object> { ["baseurl"] = adapter.BaseUrl! },
        };
        info.Headers.TryAdd("Accept", "application/json");
        info.SetStreamContent(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new { optionsId, credential })), "application/json");
        return adapter.SendAsync(info, TokenResponse.CreateFromDiscriminatorValue, null, ct);
    }

    /// <summary>The browser's credential JSON, or null when it is not JSON.</summary>
    public static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > 64_000) return null;
        try { return JsonSerializer.Deserialize<JsonElement>(json); }
        catch (JsonException) { return null; }
    }
}

/// <summary>
/// A message with files in a thread (multipart/form-data: <c>body</c> and up to 5 <c>files</c>): the generated client has
/// no body for that route, so the form is built here and sent through the typed client's adapter (token, error capture).
/// </summary>
public static class ThreadMessages
{
    public sealed record Upload(string FileName, string ContentType, Stream Content);

    public static async Task<PostedMessageResponse?> PostAsync(IRequestAdapter adapter, Guid threadId, string body, IReadOnlyList<Upload> files, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(body, Encoding.UTF8), "body");
        foreach (var file in files)
        {
            var part = new StreamContent(file.Content);
            part.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(file.ContentType, out var type)
                ? type : new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", file.FileName);
        }

        var buffer = new MemoryStream();
        await form.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var info = new RequestInformation
        {
            HttpMethod = Method.POST,
            UrlTemplate = "{+baseurl}/api/v1/notifications/threads/{threadId}/messages",
            PathParameters = new Dictionary<string, object> { ["baseurl"] = adapter.BaseUrl!, ["threadId"] = threadId },
        };
        info.Headers.TryAdd("Accept", "application/json");
        info.SetStreamContent(buffer, form.Headers.ContentType!.ToString());
        return await adapter.SendAsync(info, PostedMessageResponse.CreateFromDiscriminatorValue, null, ct);
    }
}

/// <summary>
/// The dashboard as served (GET /compliance/dashboard). Its widgets are a union on <c>type</c>, which the generated client
/// reads as an intersection (every member built, one <c>data</c> kept): the page reads the widgets' data by their type here.
/// </summary>
public static class DashboardRoute
{
    public static Task<string?> GetJsonAsync(IRequestAdapter adapter, CancellationToken ct) =>
        RawJson.SendAsync(adapter, Method.GET, "/api/v1/compliance/dashboard", null, ct);
}

/// <summary>A JSON request through the typed client's adapter (same base URL, token and error capture), answered as text.</summary>
internal static class RawJson
{
    public static async Task<string?> SendAsync(IRequestAdapter adapter, Method method, string path, string? json, CancellationToken ct)
    {
        var info = new RequestInformation
        {
            HttpMethod = method,
            UrlTemplate = "{+baseurl}" + path,
            PathParameters = new Dictionary<string, object> { ["baseurl"] = adapter.BaseUrl! },
        };
        info.Headers.TryAdd("Accept", "application/json");
        if (json is not null) info.SetStreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)), "application/json");
        await using var stream = await adapter.SendPrimitiveAsync<Stream>(info, null, ct);
        if (stream is null) return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }
}
