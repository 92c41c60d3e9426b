using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Urssaf.Client.Models;

namespace Urssaf.Client.Sample;

/// <summary>One client of the firm: the SIRET it acts for, and its next period to declare (null when none is open).</summary>
public sealed record ClientDeadline(string Siret, string? Period, DateOnly? DueDate, string? Status);

/// <summary>
/// What an accounting tool does with the public API: it gets a token with its client credentials (OAuth 2.0 client
/// credentials, <c>POST /connect/token</c>), then acts for each entrepreneur who delegated to it, naming them in
/// <c>X-On-Behalf-Of</c>, through the typed client generated from the OpenAPI document.
/// </summary>
public sealed class AccountingTool(HttpClient http)
{
    private string? _token;

    public async Task LogInAsync(string clientId, string clientSecret, string scope, CancellationToken ct = default)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret, ["scope"] = scope,
        });
        using var response = await http.PostAsync("/connect/token", form, ct);
        response.EnsureSuccessStatusCode();
        _token = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString();
    }

    /// <summary>The typed client acting for one entrepreneur.</summary>
    public UrssafApiClient For(string siret) =>
        new(new HttpClientRequestAdapter(new ActingFor(_token ?? throw new InvalidOperationException("Log in first."), siret), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        });

    /// <summary>Each client's next period to declare: the earliest open or late one.</summary>
    public async Task<IReadOnlyList<ClientDeadline>> NextDeadlinesAsync(IEnumerable<string> sirets, CancellationToken ct = default)
    {
        var deadlines = new List<ClientDeadline>();
        foreach (var siret in sirets)
        {
            var periods = await For(siret).Api.V1.Declarations.Periods.GetAsync(cancellationToken: ct) ?? [];
            var next = periods.Where(p => p.Status is PeriodStatus.Open or PeriodStatus.Late).OrderBy(p => p.DueDate?.DateTime).FirstOrDefault();
            deadlines.Add(new ClientDeadline(siret, next?.Period, next?.DueDate is { } due ? DateOnly.FromDateTime(due.DateTime) : null,
                next?.Status?.ToString().ToLowerInvariant()));
        }

        return deadlines;
    }

    /// <summary>Files one period's turnover for one client; the answer carries the contributions computed by Urssaf.</summary>
    public Task<DeclarationResponse?> FileAsync(string siret, string period, IEnumerable<TurnoverLineRequest> lines, CancellationToken ct = default) =>
        For(siret).Api.V1.Declarations[period].PutAsync(new FileDeclarationRequest { Lines = lines.ToList() }, cancellationToken: ct);

    /// <summary>Adds the bearer token and the entrepreneur acted for to every request of the typed client.</summary>
    private sealed class ActingFor(string token, string siret) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(Microsoft.Kiota.Abstractions.RequestInformation request,
            Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            request.Headers.TryAdd("Authorization", $"Bearer {token}");
            request.Headers.TryAdd("X-On-Behalf-Of", siret);
            return Task.CompletedTask;
        }
    }
}
