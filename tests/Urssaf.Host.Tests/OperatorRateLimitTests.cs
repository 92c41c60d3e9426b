using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Api;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The back office has its own limit per client network, and failed operator keys are counted apart.</summary>
public sealed class OperatorRateLimitTests : IDisposable
{
    private const string Route = "/api/v1/operator/sepa/batches/2026-06-05";

    private readonly UrssafApp _app = new UrssafApp()
        .With("RateLimiting:operator:PermitLimit", "3")
        .With("RateLimiting:operator:WindowSeconds", "60");

    private readonly UrssafApp _keyGuard = new UrssafApp()
        .With("RateLimiting:operator-key-failures:PermitLimit", "3")
        .With("RateLimiting:operator-key-failures:WindowSeconds", "600");

    [Fact]
    public async Task Operator_routes_beyond_the_limit_get_429_with_Retry_After()
    {
        var client = _app.OperatorClient();
        for (var i = 0; i < 3; i++) Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync(Route)).StatusCode);

        var refused = await client.PostAsJsonAsync("/api/v1/operator/formalities", new { siret = "73282932000074" }); // any operator route
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("request.rate_limited", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _app.CreateClient().GetAsync(Route)).StatusCode); // without a key too
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/health/live")).StatusCode);  // other routes are not counted
    }

    [Fact]
    public async Task Failed_operator_keys_are_rate_limited_per_client_network()
    {
        var guessing = _keyGuard.CreateClient();
        guessing.DefaultRequestHeaders.Add(OperatorKeyOptions.Header, "guess-0000000000000000000000000000000");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guessing.GetAsync(Route)).StatusCode);

        var blocked = await _keyGuard.OperatorClient().GetAsync(Route); // even the right key is not compared any more
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("request.rate_limited", (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var elsewhere = await _keyGuard.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = Route;
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.50");
            c.Request.Headers[OperatorKeyOptions.Header] = UrssafApp.OperatorKey;
        });
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, elsewhere.Response.StatusCode); // another network is not blocked
        Assert.NotEqual(StatusCodes.Status401Unauthorized, elsewhere.Response.StatusCode);
    }

    [Fact]
    public void Every_operator_endpoint_is_under_the_operator_prefix_so_the_limit_covers_it()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Operator)).ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.StartsWith(SecuritySetup.OperatorRoutePrefix + "/", "/" + e.RoutePattern.RawText!.TrimStart('/')));
    }

    public void Dispose()
    {
        _app.Dispose();
        _keyGuard.Dispose();
    }
}
