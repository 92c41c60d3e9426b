using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

public sealed class HostTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    [Fact]
    public async Task Health_is_live_and_ready_once_every_module_database_is_migrated()
    {
        using var fresh = UrssafApp.OnEmptyDirectory(); // not on the prepared copies: the host creates and migrates every file
        var client = fresh.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        foreach (var module in new[] { "identity", "declarations", "payments", "documents", "notifications", "compliance" })
            Assert.True(File.Exists(Path.Combine(fresh.DataDirectory, $"{module}.db")), module);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served_and_lists_the_module_routes()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/operator/formalities", out _));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"a string\"")]
    [InlineData("{\"siret\": {\"nested\": true}}")]
    [InlineData("{\"unexpected\": 1}")]
    public async Task Bad_json_is_a_400_problem_never_a_500(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await app.OperatorClient().PostAsync("/api/v1/operator/formalities", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task A_missing_body_is_a_400_problem()
    {
        using var content = new StringContent("", Encoding.UTF8, "application/json");
        var response = await app.OperatorClient().PostAsync("/api/v1/operator/formalities", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_4xx_problem()
    {
        using var content = new StringContent("siret=1", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await app.OperatorClient().PostAsync("/api/v1/operator/formalities", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        using var content = new StringContent("{\"siret\":\"" + new string('1', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json");
        var response = await app.OperatorClient().PostAsync("/api/v1/operator/formalities", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("request.too_large", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_oversized_chunked_body_without_length_is_a_413_problem()
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"siret\":\"" + new string('1', 2 * 1024 * 1024) + "\"}"));
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/operator/formalities") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await app.OperatorClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/nowhere");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_configured_operator_key_is_not_generated_but_a_missing_signing_key_is()
    {
        using var fresh = UrssafApp.OnEmptyDirectory();
        Assert.False(File.Exists(Path.Combine(fresh.DataDirectory, "jwt-signing.key")));
        await fresh.CreateClient().GetAsync("/health/live");
        Assert.False(File.Exists(Path.Combine(fresh.DataDirectory, "operator.key")));
        Assert.True(File.Exists(Path.Combine(fresh.DataDirectory, "jwt-signing.key")));
    }
}

/// <summary>The body limit comes from each host's configuration (nothing process-wide).</summary>
public sealed class BodyLimitTests : IDisposable
{
    private readonly UrssafApp _small = new UrssafApp().With("Http:MaxRequestBodyBytes", "200");

    [Fact]
    public async Task A_configured_limit_applies_to_its_host_only()
    {
        var body = "{\"siret\":\"" + new string('1', 300) + "\"}";
        using var tooLarge = new StringContent(body, Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _small.OperatorClient().PostAsync("/api/v1/operator/formalities", tooLarge)).StatusCode);

        using var defaultHost = new UrssafApp();
        using var accepted = new StringContent(body, Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await defaultHost.OperatorClient().PostAsync("/api/v1/operator/formalities", accepted)).StatusCode);
    }

    public void Dispose() => _small.Dispose();
}
