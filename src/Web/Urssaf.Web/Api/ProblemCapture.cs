using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Urssaf.Web.Api;

/// <summary>An API refusal as the pages use it: the stable code, the status, and the field it names (if any).</summary>
public sealed record ApiProblem(int Status, string Code, string? Title, string? Field, JsonElement? Body)
{
    /// <summary>Each field's own codes (<c>errorCodes</c> of a validation problem, e.g. <c>phone</c> → <c>identity.phone.invalid</c>).</summary>
    public IReadOnlyList<(string Field, string Code)> FieldCodes { get; init; } = [];

    public string? Extension(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value) ? value.ToString() : null;
}

/// <summary>
/// Keeps the problem document of a refused call (the typed client's exception has no <c>code</c> extension), and
/// forwards the browser's address in <c>X-Forwarded-For</c>: honoured only where the API trusts the web account as a
/// proxy (<c>Http:ForwardedHeaders</c>), so rate limits and the connection journal see the person, not the web server.
/// </summary>
internal sealed class ProblemCapture(IHttpContextAccessor accessor) : DelegatingHandler
{
    private static readonly AsyncLocal<StrongBox> Slot = new();

    public static StrongBox Begin() => Slot.Value = new StrongBox();

    public sealed class StrongBox
    {
        public ApiProblem? Problem { get; set; }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } address)
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address.ToString());
        var response = await base.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || Slot.Value is not { } box) return response;

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement? body = null;
        string code = "http." + (int)response.StatusCode, title = "", field = "";
        try
        {
            using var doc = JsonDocument.Parse(text);
            body = doc.RootElement.Clone();
            if (body.Value.TryGetProperty("code", out var c)) code = c.GetString() ?? code;
            if (body.Value.TryGetProperty("title", out var t)) title = t.GetString() ?? "";
            if (body.Value.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                field = errors.EnumerateObject().Select(p => p.Name).FirstOrDefault() ?? "";
        }
        catch (JsonException)
        {
            // not a problem document (e.g. a proxy's page): the status alone speaks
        }

        var fieldCodes = new List<(string, string)>();
        if (body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("errorCodes", out var codes) && codes.ValueKind == JsonValueKind.Object)
            foreach (var f in codes.EnumerateObject())
                if (f.Value.ValueKind == JsonValueKind.Array)
                    fieldCodes.AddRange(f.Value.EnumerateArray().Select(c => (f.Name, c.GetString() ?? "")));
        box.Problem = new ApiProblem((int)response.StatusCode, code, title, field.Length == 0 ? null : field, body) { FieldCodes = fieldCodes };
        var copy = new StringContent(text);
        copy.Headers.ContentType = response.Content.Headers.ContentType ?? new MediaTypeHeaderValue("application/problem+json");
        response.Content = copy;
        return response;
    }
}
