using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

public sealed class RecordFormalityTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    public static object Formality(string siret = "73282932000074", string category = "liberal_bnc", string frequency = "quarterly",
        string nir = "295109912611193") => TestData.Formality(siret, nir, category: category, frequency: frequency);

    [Fact]
    public async Task A_new_SIRET_is_created_then_the_same_transmission_is_a_no_op_and_a_change_is_an_update()
    {
        var client = app.OperatorClient();
        var created = await client.PostAsJsonAsync("/api/v1/operator/formalities", Formality("35600000049837"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/operator/formalities/35600000049837", created.Headers.Location?.ToString());

        var again = await client.PostAsJsonAsync("/api/v1/operator/formalities", Formality("35600000049837"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await OutboxCount("35600000049837"));

        var changed = await client.PostAsJsonAsync("/api/v1/operator/formalities", Formality("35600000049837", frequency: "monthly"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("monthly", body.GetProperty("declarationFrequency").GetString());
        Assert.Equal(2, await OutboxCount("35600000049837"));

        var read = await client.GetFromJsonAsync<JsonElement>("/api/v1/operator/formalities/35600000049837");
        Assert.Equal("monthly", read.GetProperty("declarationFrequency").GetString());
    }

    [Fact]
    public async Task Invalid_fields_are_400_with_a_code_per_field_and_nothing_is_stored()
    {
        var response = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", new
        {
            siret = "73282932000079", legalName = "", apeCode = "62Z", activityStartDate = "2026-01-15", activityNature = "liberal",
            primaryCategory = "sales", department = "20", declarationFrequency = "quarterly", incomeTaxWithholding = false, acre = false,
            address = "x",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var codes = problem.GetProperty("errorCodes");
        Assert.Equal("identity.siret.invalid", codes.GetProperty("siret")[0].GetString());
        Assert.Equal("identity.ape_code.invalid", codes.GetProperty("apeCode")[0].GetString());
        Assert.Equal("identity.primary_category.incoherent", codes.GetProperty("primaryCategory")[0].GetString());
        Assert.Equal("identity.department.invalid", codes.GetProperty("department")[0].GetString());
        Assert.Equal("request.legalName.invalid", codes.GetProperty("legalName")[0].GetString());
        Assert.False(await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Formalities.AnyAsync(f => f.Siret == "73282932000079")));
    }

    [Theory]
    [InlineData("{\"siret\":\"73282932000074\",\"activityNature\":\"nomad\"}", "activityNature")]
    [InlineData("{\"siret\":73282932000074}", "siret")]
    [InlineData("{\"siret\":\"73282932000074\"", "$")]
    public async Task Malformed_bodies_are_400_problems(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await app.OperatorClient().PostAsync("/api/v1/operator/formalities", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("request.body.malformed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_operator_route_refuses_a_missing_or_wrong_key()
    {
        var anonymous = await app.CreateClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Operator-Key", "not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/api/v1/operator/formalities", Formality())).StatusCode);

        var account = app.ClientFor(SharedKernel.Identity.AccountId.New());
        Assert.Equal(HttpStatusCode.Unauthorized, (await account.PostAsJsonAsync("/api/v1/operator/formalities", Formality())).StatusCode);
    }

    [Fact]
    public async Task An_unknown_SIRET_is_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.OperatorClient().GetAsync("/api/v1/operator/formalities/40483304800022")).StatusCode);

    private Task<int> OutboxCount(string siret) => app.ScopedAsync(sp =>
        sp.GetRequiredService<IdentityDbContext>().OutboxMessages.CountAsync(m => m.Content.Contains(siret)));
}
