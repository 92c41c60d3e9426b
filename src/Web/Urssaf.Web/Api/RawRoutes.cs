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
