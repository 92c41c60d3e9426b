using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Declarations.Tests.Integration;

public sealed class FileDeclarationTests(April2026App app) : IClassFixture<April2026App>
{
    private static object Lines(params (string Category, long Turnover)[] lines) =>
        new { lines = lines.Select(l => new { category = l.Category, turnover = l.Turnover }) };

    [Fact]
    public async Task Filing_then_repeating_then_correcting_with_the_ETag_until_the_due_date()
    {
        var account = await app.EnterpriseAsync();
        var client = app.ClientFor(account);

        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", Lines(("liberal_bnc", 10_000)));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal("/api/v1/declarations/2026-Q1", filed.Headers.Location?.ToString());
        var body = await filed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-04-30", body.GetProperty("dueDate").GetString());
        Assert.Equal(25.6m, body.GetProperty("lines")[0].GetProperty("rate").GetDecimal());
        Assert.Equal(2560.00m, body.GetProperty("socialContributions").GetDecimal());
        Assert.Equal(20.00m, body.GetProperty("trainingContribution").GetDecimal());
        Assert.Equal(2580.00m, body.GetProperty("total").GetDecimal());
        var etag = filed.Headers.ETag!;

        var repeated = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", Lines(("liberal_bnc", 10_000)));
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(etag, repeated.Headers.ETag);

        var correction = new HttpRequestMessage(HttpMethod.Put, "/api/v1/declarations/2026-Q1") { Content = JsonContent.Create(Lines(("liberal_bnc", 12_000))) };
        correction.Headers.IfMatch.Add(etag);
        var corrected = await client.SendAsync(correction);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(3072.00m + 24.00m, (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
        Assert.NotEqual(etag, corrected.Headers.ETag);

        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/declarations/2026-Q1") { Content = JsonContent.Create(Lines(("liberal_bnc", 1))) };
        stale.Headers.IfMatch.Add(etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);

        var read = await client.GetAsync("/api/v1/declarations/2026-Q1");
        Assert.Equal(corrected.Headers.ETag, read.Headers.ETag);
        Assert.Equal(12_000, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines")[0].GetProperty("turnover").GetInt64());

        var types = await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().OutboxMessages.Select(m => m.Type).ToListAsync());
        Assert.Contains("declarations.DeclarationFiled", types);
        Assert.Contains("declarations.DeclarationCorrected", types);
    }

    [Fact]
    public async Task A_period_that_has_not_ended_cannot_be_filed()
    {
        var client = app.ClientFor(await app.EnterpriseAsync());
        var response = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q2", Lines(("liberal_bnc", 100)));
        await AssertProblem(response, HttpStatusCode.UnprocessableEntity, "declarations.period.not_ended");
    }

    [Fact]
    public async Task A_late_first_filing_is_accepted_and_marked_late_but_cannot_be_corrected()
    {
        var client = app.ClientFor(await app.EnterpriseAsync());
        var late = await client.PutAsJsonAsync("/api/v1/declarations/2025-Q4", Lines(("liberal_bnc", 5_000)));
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.True((await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("filedLate").GetBoolean());
        await AssertProblem(await client.PutAsJsonAsync("/api/v1/declarations/2025-Q4", Lines(("liberal_bnc", 4_000))),
            HttpStatusCode.Conflict, "declarations.period.closed");
    }

    [Fact]
    public async Task A_zero_declaration_is_filed_with_no_lines()
    {
        var client = app.ClientFor(await app.EnterpriseAsync(frequency: DeclarationFrequency.Monthly));
        var response = await client.PutAsJsonAsync("/api/v1/declarations/2026-03", new { lines = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(0m, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
    }

    [Theory]
    [InlineData("2026-03", "{\"lines\":[{\"category\":\"liberal_bnc\",\"turnover\":100}]}", 422, "declarations.period.wrong_frequency")]
    [InlineData("2025-Q2", "{\"lines\":[{\"category\":\"liberal_bnc\",\"turnover\":100}]}", 422, "declarations.period.before_activity")]
    [InlineData("2026-Q5", "{\"lines\":[]}", 400, "request.validation")]
    [InlineData("26-Q1", "{\"lines\":[]}", 400, "request.validation")]
    [InlineData("2026-Q1", "{\"lines\":[{\"category\":\"astrology\",\"turnover\":100}]}", 400, "request.body.malformed")]
    [InlineData("2026-Q1", "{\"lines\":[{\"category\":\"liberal_bnc\",\"turnover\":-1}]}", 400, "request.validation")]
    [InlineData("2026-Q1", "{\"lines\":[{\"category\":\"liberal_bnc\",\"turnover\":10.5}]}", 400, "request.body.malformed")]
    [InlineData("2026-Q1", "{\"lines\":[{\"category\":\"liberal_bnc\",\"turnover\":\"100\"}]}", 400, "request.body.malformed")]
    [InlineData("2026-Q1", "{\"lines\":[{\"category\":\"liberal_bnc\",\"turnover\":99999999999999999999}]}", 400, "request.body.malformed")]
    [InlineData("2026-Q1", "{\"lines\":[{\"category\":\"liberal_bnc\",\"turnover\":1000000001}]}", 400, "request.validation")]
    [InlineData("2026-Q1", "{\"lines\":[{\"category\":\"liberal_bnc\",\"turnover\":1},{\"category\":\"liberal_bnc\",\"turnover\":2}]}", 400, "request.validation")]
    [InlineData("2026-Q1", "{\"lines\":[{\"category\":\"liberal_cipav\",\"turnover\":100}]}", 422, "declarations.category.not_registered")]
    [InlineData("2026-Q1", "{\"lines\":null}", 400, "request.body.malformed")]
    [InlineData("2026-Q1", "{}", 400, "request.body.malformed")]
    [InlineData("2026-Q1", "{\"lines\":[],\"accountId\":\"x\"}", 400, "request.body.malformed")]
    public async Task Bad_input_is_a_4xx_problem_and_changes_nothing(string period, string json, int status, string code)
    {
        var account = await app.EnterpriseAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await app.ClientFor(account).PutAsync($"/api/v1/declarations/{period}", content);
        await AssertProblem(response, (HttpStatusCode)status, code);
        Assert.False(await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().Declarations.AnyAsync(d => d.AccountId == account)));
    }

    [Fact]
    public async Task Another_account_cannot_see_a_declaration_and_no_token_is_401()
    {
        var owner = app.ClientFor(await app.EnterpriseAsync());
        Assert.Equal(HttpStatusCode.Created, (await owner.PutAsJsonAsync("/api/v1/declarations/2026-Q1", Lines(("liberal_bnc", 1_000)))).StatusCode);

        var other = app.ClientFor(await app.EnterpriseAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/declarations/2026-Q1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/declarations/2026-Q1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PutAsJsonAsync("/api/v1/declarations/2026-Q1", Lines(("liberal_bnc", 1)))).StatusCode);
    }

    [Fact]
    public async Task An_account_without_an_enterprise_profile_is_told_so()
    {
        var response = await app.ClientFor(AccountId.New()).GetAsync("/api/v1/declarations/periods");
        await AssertProblem(response, HttpStatusCode.UnprocessableEntity, "declarations.enterprise.unknown");
    }

    [Fact]
    public async Task History_is_paginated_and_prefill_takes_the_previous_declared_period()
    {
        var client = app.ClientFor(await app.EnterpriseAsync(start: "2025-01-01", frequency: DeclarationFrequency.Monthly,
            category: ActivityCategory.ServicesBic, nature: ActivityNature.Artisanal, department: "57"));
        foreach (var (period, turnover) in new[] { ("2025-05", 1_000L), ("2025-06", 2_000L), ("2025-07", 3_000L) })
            Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync($"/api/v1/declarations/{period}",
                Lines(("services_bic", turnover), ("sales", 100)))).StatusCode);

        var page = await client.GetAsync("/api/v1/declarations?page=1&pageSize=2");
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        var items = await page.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2025-07", "2025-06"], items.EnumerateArray().Select(i => i.GetProperty("period").GetString()));

        var prefill = await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/2025-09/prefill");
        Assert.Equal("2025-07", prefill.GetProperty("fromPeriod").GetString());
        Assert.Equal(3_000, prefill.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("category").GetString() == "services_bic").GetProperty("turnover").GetInt64());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/declarations?pageSize=500")).StatusCode);
    }

    [Fact]
    public async Task Periods_list_the_calendar_with_statuses()
    {
        var client = app.ClientFor(await app.EnterpriseAsync(start: "2025-06-01"));
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync("/api/v1/declarations/2025-Q3", Lines(("liberal_bnc", 1_000)))).StatusCode);
        var periods = await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/periods");
        var statuses = periods.EnumerateArray().ToDictionary(p => p.GetProperty("period").GetString()!, p => p.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["2026-Q2"] = "upcoming", ["2026-Q1"] = "open", ["2025-Q4"] = "late", ["2025-Q3"] = "declared" }, statuses);
        Assert.Equal("2025-06-01", periods.EnumerateArray().Last().GetProperty("start").GetString());
    }

    [Fact]
    public async Task An_estimate_computes_without_storing()
    {
        var account = await app.EnterpriseAsync(category: ActivityCategory.ServicesBic, nature: ActivityNature.Commercial, incomeTaxWithholding: true);
        var response = await app.ClientFor(account).PostAsJsonAsync("/api/v1/declarations/estimates",
            new { period = "2026-Q2", lines = new[] { new { category = "services_bic", turnover = 7_777 } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var estimate = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("estimate", estimate.GetProperty("status").GetString());
        Assert.Equal((1649.00m, 7.78m, 3.00m, 132.21m), (estimate.GetProperty("socialContributions").GetDecimal(),
            estimate.GetProperty("trainingContribution").GetDecimal(), estimate.GetProperty("chamberTax").GetDecimal(), estimate.GetProperty("incomeTax").GetDecimal()));
        Assert.False(await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().Declarations.AnyAsync(d => d.AccountId == account)));
    }

    [Fact]
    public async Task Filing_with_an_idempotency_key_replays_the_first_answer()
    {
        var client = app.ClientFor(await app.EnterpriseAsync());
        HttpRequestMessage Put() => new(HttpMethod.Put, "/api/v1/declarations/2026-Q1")
        {
            Content = JsonContent.Create(Lines(("liberal_bnc", 800))),
            Headers = { { "Idempotency-Key", "file-2026-Q1" } },
        };
        var first = await client.SendAsync(Put());
        var again = await client.SendAsync(Put());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
    }

    [Fact]
    public async Task Twenty_concurrent_filings_with_one_key_file_once_and_the_others_replay_or_wait()
    {
        // The key is claimed and completed in the group-commit writer's units (ADR 0130): one effect, one stored answer
        var account = await app.EnterpriseAsync();
        var client = app.ClientFor(account);
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/v1/declarations/2026-Q1")
        {
            Content = JsonContent.Create(Lines(("liberal_bnc", 900))),
            Headers = { { "Idempotency-Key", "concurrent-2026-Q1" } },
        })));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created && !a.Headers.Contains("Idempotent-Replayed"));
        var replay = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/v1/declarations/2026-Q1")
        {
            Content = JsonContent.Create(Lines(("liberal_bnc", 900))),
            Headers = { { "Idempotency-Key", "concurrent-2026-Q1" } },
        });
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().Declarations.CountAsync(d => d.AccountId == account)));
        Assert.Equal(1, await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().DeclarationVersions.CountAsync(v => v.AccountId == account)));
    }

    [Fact]
    public async Task Concurrent_corrections_of_one_version_commit_one_and_refuse_the_others_as_stale()
    {
        var client = app.ClientFor(await app.EnterpriseAsync());
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", Lines(("liberal_bnc", 1_000)));
        var etag = filed.Headers.ETag!.Tag;
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/declarations/2026-Q1") { Content = JsonContent.Create(Lines(("liberal_bnc", 2_000 + i))) };
            request.Headers.IfMatch.ParseAdd(etag);
            return client.SendAsync(request);
        }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.PreconditionFailed, a.StatusCode));
        var current = await (await client.GetAsync("/api/v1/declarations/2026-Q1")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, current.GetProperty("version").GetInt32());
    }

    private IEnumerable<string> Logs => app.Logs.Lines;

    [Fact]
    public async Task The_ACRE_cap_splits_the_period_that_crosses_it_between_the_two_rates()
    {
        // BNC under ACRE created 2025-10-01 (window to 2026-09-30): 2026 cap 72,818 € (CSS D131-6-3 II); 70,000 € in January, then
        // 5,000 € in March: 2,818 € × 12.8 % = 360.704 → 361 €, 2,182 € × 25.6 % = 558.592 → 559 €; CFP 5,000 × 0.2 % = 10 €.
        var client = app.ClientFor(await app.EnterpriseAsync(start: "2025-10-01", frequency: DeclarationFrequency.Monthly, acre: true));
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync("/api/v1/declarations/2026-01", Lines(("liberal_bnc", 70_000)))).StatusCode);

        var estimate = await client.PostAsJsonAsync("/api/v1/declarations/estimates",
            new { period = "2026-03", lines = new[] { new { category = "liberal_bnc", turnover = 5_000 } } });
        Assert.Equal(HttpStatusCode.OK, estimate.StatusCode);
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-03", Lines(("liberal_bnc", 5_000)));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        foreach (var body in new[] { await estimate.Content.ReadFromJsonAsync<JsonElement>(), await filed.Content.ReadFromJsonAsync<JsonElement>() })
        {
            var lines = body.GetProperty("lines").EnumerateArray()
                .Select(l => (l.GetProperty("turnover").GetInt64(), l.GetProperty("rate").GetDecimal(), l.GetProperty("socialContributions").GetDecimal())).ToList();
            Assert.Equal([(2_818L, 12.8m, 361m), (2_182L, 25.6m, 559m)], lines);
            Assert.Equal(920m, body.GetProperty("socialContributions").GetDecimal());
            Assert.Equal(930m, body.GetProperty("total").GetDecimal());
        }

        // filing the same turnover again is a repeat, not a correction
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/v1/declarations/2026-03", Lines(("liberal_bnc", 5_000)))).StatusCode);
    }

    private async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text} {string.Join("\n", Logs.Where(l => l.StartsWith("Error")))}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }

    /// <summary>
    /// Issue 16 item 4 (CSS L613-7 I, ADR 30): BNC quarterly from 2024-04-12, first declaration 2024-Q3. Without the split the
    /// answer is 422 split_required; with it, April–June at 21.1 % (9,000 → 1,899 €) and July–September at 23.1 % (9,000 → 2,079 €),
    /// CFP 36 €: 4,014 € (everything at 21.1 % would be 3,834 €). The answer shows each quarter's line.
    /// </summary>
    [Fact]
    public async Task L613_7_a_first_declaration_spanning_a_rate_change_is_split_by_quarter()
    {
        var account = await app.EnterpriseAsync(start: "2024-04-12");
        var client = app.ClientFor(account);

        var unsplit = await client.PutAsJsonAsync("/api/v1/declarations/2024-Q3", Lines(("liberal_bnc", 18_000)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unsplit.StatusCode);
        Assert.Contains("declarations.turnover.split_required", await unsplit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/declarations/2024-Q3")).StatusCode);

        var outside = await client.PutAsJsonAsync("/api/v1/declarations/2024-Q3", new { lines = new[] { new { category = "liberal_bnc", turnover = 1, period = "2024-Q1" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);

        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2024-Q3", new
        {
            lines = new[] { new { category = "liberal_bnc", turnover = 9_000, period = "2024-Q2" }, new { category = "liberal_bnc", turnover = 9_000, period = "2024-Q3" } },
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var body = await filed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2024-04-12", body.GetProperty("start").GetString());
        var lines = body.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("period").GetString(), l.GetProperty("rate").GetDecimal(), l.GetProperty("socialContributions").GetDecimal())).ToList();
        Assert.Equal([("2024-Q2", 21.1m, 1899.00m), ("2024-Q3", 23.1m, 2079.00m)], lines);
        Assert.Equal((3978.00m, 36.00m, 4014.00m), (body.GetProperty("socialContributions").GetDecimal(),
            body.GetProperty("trainingContribution").GetDecimal(), body.GetProperty("total").GetDecimal()));
    }

    /// <summary>DOMAIN.md §5: a filing that takes the year's services turnover above the VAT franchise base threshold (37,500 €) warns.</summary>
    [Fact]
    public async Task The_filing_answer_warns_when_the_years_turnover_passes_a_threshold()
    {
        var account = await app.EnterpriseAsync(start: "2024-01-10");
        var filed = await app.ClientFor(account).PutAsJsonAsync("/api/v1/declarations/2026-Q1", Lines(("liberal_bnc", 38_000)));
        Assert.True(HttpStatusCode.Created == filed.StatusCode, $"{(int)filed.StatusCode}: {string.Join("\n", Logs.Where(l => l.StartsWith("Error")))}");
        var warnings = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray().ToList();
        var vat = Assert.Single(warnings);
        Assert.Equal(("threshold.vat.base_exceeded", 37_500, 38_000), (vat.GetProperty("code").GetString(), vat.GetProperty("threshold").GetInt64(),
            vat.GetProperty("turnover").GetInt64()));
    }

    /// <summary>DOMAIN.md §3: the eighth quarter in a row declared at zero earns the radiation warning (24 months), the seventh does not.</summary>
    [Fact]
    public async Task The_eighth_zero_quarter_in_a_row_warns_of_radiation_for_inactivity()
    {
        var account = await app.EnterpriseAsync(start: "2024-01-01");
        var client = app.ClientFor(account);
        string[] quarters = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];
        JsonElement body = default;
        foreach (var quarter in quarters)
        {
            var filed = await client.PutAsJsonAsync($"/api/v1/declarations/{quarter}", new { lines = Array.Empty<object>() });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            body = await filed.Content.ReadFromJsonAsync<JsonElement>();
            var codes = body.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
            Assert.Equal(quarter == "2025-Q4", codes.Contains("activity.radiation_risk"));
        }
    }
}
