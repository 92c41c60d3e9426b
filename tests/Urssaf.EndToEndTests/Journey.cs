using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The steps every journey takes over HTTP, reading messages from the delivered files as a person would.</summary>
internal static class Journey
{
    public static async Task FormalityAsync(UrssafApp app, string siret, string name, string activityStart, string nir)
    {
        var formality = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality(siret, nir, legalName: name, activityStart: activityStart, incomeTaxWithholding: true));
        Assert.Equal(HttpStatusCode.Created, formality.StatusCode);
        await app.DrainAsync();
    }

    /// <summary>Registers, activates with the e-mail link and the SMS code, logs in: a client holding the access token.</summary>
    public static async Task<HttpClient> RegisterAndLogInAsync(UrssafApp app, string siret, string nir, string email, string phone, string password)
    {
        var visitor = app.CreateClient();
        var registration = await visitor.PostAsJsonAsync("/api/v1/identity/registrations", new
        {
            siret, nir, firstName = "Claire", lastName = "Martin", email, phone, password, secretQuestion = "Ville de naissance ?", secretAnswer = "Besançon",
        });
        Assert.Equal(HttpStatusCode.Accepted, registration.StatusCode);
        var registrationId = (await registration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
        await app.DrainAsync();

        var token = Delivered.ActivationToken(Assert.Single(app.EmailsTo(email)));
        app.Secrets.AddRange([password, "Besançon", token, nir]);
        Assert.Equal(HttpStatusCode.OK, (await visitor.PostAsJsonAsync("/api/v1/identity/activations/email", new { token })).StatusCode);
        var code = Delivered.SixDigitCode(Assert.Single(app.SmsTo(phone.Replace(" ", "", StringComparison.Ordinal))).Text);
        app.Secrets.Add(code);
        var activated = await visitor.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code });
        Assert.Equal("active", (await activated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await app.DrainAsync();

        return await LogInAsync(app, email, password);
    }

    /// <summary>A fresh login (after the clock moved past the access token's life).</summary>
    public static async Task<HttpClient> LogInAsync(UrssafApp app, string email, string password)
    {
        var session = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = email, password });
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var tokens = await session.Content.ReadFromJsonAsync<JsonElement>();
        app.Secrets.Add(tokens.GetProperty("refreshToken").GetString()!);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.GetProperty("accessToken").GetString());
        return client;
    }

    public static async Task<JsonElement> PayAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<string> StatusAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/status")).GetProperty("status").GetString()!;

    /// <summary>What the creditor's bank notifies: one booked credit per (amount, EndToEndId or remittance text).</summary>
    public static Task ImportCreditsAsync(UrssafApp app, string id, params (long Cents, string? EndToEndId, string? Remittance)[] credits) =>
        ImportCreditsBookedAsync(app, id, "2026-05-05", credits);

    /// <summary>As <see cref="ImportCreditsAsync"/>, every credit booked on <paramref name="bookedOn"/> (yyyy-MM-dd).</summary>
    public static async Task ImportCreditsBookedAsync(UrssafApp app, string id, string bookedOn, params (long Cents, string? EndToEndId, string? Remittance)[] credits)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn>");
        sb.Append($"<GrpHdr><MsgId>{id}</MsgId><CreDtTm>2026-05-06T07:00:00</CreDtTm></GrpHdr><Ntfctn><Id>{id}</Id><CreDtTm>2026-05-06T07:00:00</CreDtTm>");
        sb.Append("<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>");
        var n = 0;
        foreach (var (cents, e2e, remittance) in credits)
        {
            var amount = (cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            sb.Append($"<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>{bookedOn}</Dt></BookgDt>");
            sb.Append($"<AcctSvcrRef>{id}-{++n}</AcctSvcrRef><BkTxCd/><NtryDtls><TxDtls>");
            if (e2e is not null) sb.Append($"<Refs><EndToEndId>{e2e}</EndToEndId></Refs>");
            if (remittance is not null) sb.Append($"<RmtInf><Ustrd>{remittance}</Ustrd></RmtInf>");
            sb.Append("</TxDtls></NtryDtls></Ntry>");
        }

        sb.Append("</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(sb.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        var response = await app.OperatorClient().PostAsync("/api/v1/operator/bank-statements", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.DrainAsync();
    }
}
