using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The Idempotency-Key filter (API.md, SECURITY.md §6.1), on the formalities POST.</summary>
public sealed class IdempotencyTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private const string Route = "/api/v1/operator/formalities";

    private static object Formality(string siret, string frequency = "quarterly") => new
    {
        siret, legalName = "Jean Dupont", apeCode = "4711D", activityStartDate = "2025-02-01", activityNature = "commercial",
        primaryCategory = "sales", department = "57", declarationFrequency = frequency, incomeTaxWithholding = false, acre = false,
        address = "2 rue Y 57000 Metz",
        entrepreneur = new { nir = "178013301234577", birthName = "Dupont", usageName = (string?)null, firstNames = "Jean", birthDate = "1978-01-20" },
    };

    private HttpRequestMessage Post(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task Fifty_concurrent_duplicates_have_exactly_one_effect()
    {
        const string siret = "40483304800022";
        var key = Guid.NewGuid().ToString();
        var client = app.OperatorClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.SendAsync(Post(key, Formality(siret)))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var originals = responses.Where(r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed")).ToList();
        Assert.Single(originals);
        Assert.Equal(1, await Events(siret));
        Assert.Equal(1, await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Formalities.CountAsync(f => f.Siret == siret)));
    }

    [Fact]
    public async Task A_completed_request_is_replayed_with_the_same_status_body_and_location()
    {
        const string siret = "44306184100047";
        var client = app.OperatorClient();
        var first = await client.SendAsync(Post("replay-key", Formality(siret)));
        var again = await client.SendAsync(Post("replay-key", Formality(siret)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await Events(siret));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        const string siret = "55208131766522";
        var client = app.OperatorClient();
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post("mismatch-key", Formality(siret)))).StatusCode);
        var other = await client.SendAsync(Post("mismatch-key", Formality(siret, frequency: "monthly")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("request.idempotency_key.reused", await other.Content.ReadAsStringAsync());
        Assert.Equal(1, await Events(siret));
    }

    [Fact]
    public async Task After_24_hours_the_key_is_free_again()
    {
        const string siret = "33338924500015";
        var client = app.OperatorClient();
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post("expiring-key", Formality(siret)))).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var later = await client.SendAsync(Post("expiring-key", Formality(siret, frequency: "monthly")));

        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await Events(siret));
    }

    [Fact]
    public async Task A_retry_while_the_first_request_is_in_flight_is_409()
    {
        var client = app.OperatorClient();
        var probe = await client.SendAsync(Post("in-flight-key", Formality("12291435181293")));
        Assert.Equal(HttpStatusCode.Created, probe.StatusCode);
        // make the stored record look like a request still being processed (claimed, lease running, not completed)
        await app.ScopedAsync(async sp =>
        {
            var db = sp.GetRequiredService<IdentityDbContext>();
            return await db.IdempotencyRecords.Where(r => r.Key == "in-flight-key").ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Completed, false).SetProperty(r => r.LockedUntilUtc, app.Clock.GetUtcNow().UtcDateTime.AddSeconds(20)));
        });

        var retry = await client.SendAsync(Post("in-flight-key", Formality("12291435181293")));
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Contains("request.idempotency_key.in_flight", await retry.Content.ReadAsStringAsync());

        // once the lease of a crashed first request has expired, a retry takes the key over
        app.Clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post("in-flight-key", Formality("12291435181293")))).StatusCode);
    }

    [Theory]
    [InlineData("clé")]
    [InlineData("é-not-ascii")]
    public async Task An_invalid_key_is_400(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = JsonContent.Create(Formality("73282932000074")) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await app.OperatorClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_400()
    {
        var response = await app.OperatorClient().SendAsync(Post(new string('k', 256), Formality("73282932000074")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_request_refused_by_validation_does_not_burn_the_key()
    {
        var client = app.OperatorClient();
        var invalid = await client.SendAsync(Post("validation-key", Formality("73282932000079")));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.False(await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().IdempotencyRecords.AnyAsync(r => r.Key == "validation-key")));
    }

    private Task<int> Events(string siret) => app.ScopedAsync(sp =>
        sp.GetRequiredService<IdentityDbContext>().OutboxMessages.CountAsync(m => m.Content.Contains(siret)));
}

/// <summary>Answers a retry may change are not the key's final answer (ADR 0123); definite refusals are.</summary>
public sealed class IdempotencyRetryableAnswerTests
{
    [Theory]
    [InlineData(409, "{\"code\":\"payments.payment.conflict\"}", true)]
    [InlineData(412, "{\"code\":\"request.etag.stale\"}", true)]
    [InlineData(429, "", true)]
    [InlineData(401, "", true)]
    [InlineData(403, "{\"code\":\"identity.reauthentication_required\"}", true)]
    [InlineData(403, "{\"code\":\"delegation.scope_missing\"}", false)]
    [InlineData(422, "{\"code\":\"payments.card.above_threshold\"}", false)]
    [InlineData(201, "{}", false)]
    public void Only_retryable_answers_free_the_key(int status, string body, bool retryable) =>
        Assert.Equal(retryable, Urssaf.SharedKernel.Infrastructure.Http.Idempotency.IdempotencyExtensions.IsRetryableAnswer(status, System.Text.Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void The_key_s_lease_outlives_the_request_timeout() =>
        Assert.True(Urssaf.SharedKernel.Infrastructure.Http.Idempotency.IdempotencyExtensions.Lease
                    >= 2 * Urssaf.SharedKernel.Infrastructure.Http.Idempotency.IdempotencyExtensions.RequestTimeout);
}
