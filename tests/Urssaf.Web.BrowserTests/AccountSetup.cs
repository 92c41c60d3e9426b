using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Urssaf.Web.BrowserTests;

/// <summary>What a test needs before its journey starts, done over the public API (the journey itself runs in the browser).</summary>
internal static class AccountSetup
{
    /// <summary>An API client logged in as the account (a password login: the step-up window is open).</summary>
    public static async Task<HttpClient> LoggedInAsync(WebAccountBrowser web, string email, string password)
    {
        var client = web.App.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Files 2026-Q1 (the first period, from 15 October 2025: one line per quarter across the 2026 rate change).</summary>
    public static async Task DeclareFirstQuarterAsync(WebAccountBrowser web, HttpClient client, int turnover)
    {
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new
        {
            lines = new object[]
            {
                new { category = "liberal_bnc", turnover = 0, period = "2025-Q4" },
                new { category = "liberal_bnc", turnover, period = "2026-Q1" },
            },
        });
        filed.EnsureSuccessStatusCode();
        await web.App.DrainAsync();
    }

    public static async Task<Guid> MandateAsync(HttpClient client)
    {
        var signed = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = "FR7630006000011234567890189", holderName = "Claire Martin" });
        signed.EnsureSuccessStatusCode();
        return (await signed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mandateId").GetGuid();
    }

    public static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));
    }
}
