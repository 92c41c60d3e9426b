using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>Dead letters are visible (<c>/health/ready</c> degraded, per module) and an operator replays one after the fix (ADR 0121).</summary>
public sealed class DeadLetterTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    [Fact]
    public async Task A_dead_letter_degrades_readiness_is_listed_and_is_handled_once_replayed()
    {
        const string siret = "57511119014056";
        Assert.Equal(HttpStatusCode.Created, (await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality(siret, activityStart: "2025-09-01"))).StatusCode);
        var (eventId, type, content) = await app.ScopedAsync(async sp => (await sp.GetRequiredService<IdentityDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Content.Contains(siret)).Select(m => new { m.Id, m.Type, m.Content }).SingleAsync()) is var m ? (m.Id, m.Type, m.Content) : default);
        // What ten failed attempts leave behind while a handler was broken (the relay then finds it received already)
        var max = app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.MaxAttempts;
        await Messaging("declarations").ReceiveAsync(eventId, type, content, CancellationToken.None);
        await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().InboxMessages.Where(m => m.Id == eventId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, max).SetProperty(m => m.LastError, "InvalidOperationException: broken handler")));
        await app.DrainAsync(); // the other subscribers get it; Declarations does not retry a dead letter
        Assert.False(await Enterprise(siret));

        var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // degraded, still serving
        var health = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("checks").GetProperty("dead-letters").GetProperty("data").GetProperty("declarations").GetInt32());

        var operatorClient = app.OperatorClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/operator/dead-letters")).StatusCode);
        var listed = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/operator/dead-letters");
        var letter = Assert.Single(listed.EnumerateArray(), l => l.GetProperty("module").GetString() == "declarations");
        Assert.Equal("declarations", letter.GetProperty("module").GetString());
        Assert.Equal("inbox", letter.GetProperty("queue").GetString());
        Assert.Equal(eventId, letter.GetProperty("messageId").GetGuid());
        Assert.Contains("broken handler", letter.GetProperty("lastError").GetString());
        Assert.True(letter.GetProperty("replayable").GetBoolean());

        var replayed = await operatorClient.PostAsync($"/api/v1/operator/dead-letters/declarations/{eventId}/replay", null);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        await app.DrainAsync();
        Assert.True(await Enterprise(siret));
        var after = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.False(after.GetProperty("checks").GetProperty("dead-letters").GetProperty("data").TryGetProperty("declarations", out _));

        var again = await operatorClient.PostAsync($"/api/v1/operator/dead-letters/declarations/{eventId}/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("messaging.dead_letter.not_found", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var unknown = await operatorClient.PostAsync($"/api/v1/operator/dead-letters/nowhere/{eventId}/replay", null);
        Assert.Equal("messaging.module.not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_dead_secret_cannot_be_replayed()
    {
        var id = Guid.CreateVersion7();
        var notifications = Messaging("notifications");
        await notifications.ReceiveAsync(id, "identity.TemporaryPasswordSmsRequested", "{}", CancellationToken.None);
        var max = app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.MaxAttempts;
        await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().InboxMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, max).SetProperty(m => m.Content, ModuleMessaging<NotificationsDbContext>.ErasedContent)));

        var listed = await app.OperatorClient().GetFromJsonAsync<JsonElement>("/api/v1/operator/dead-letters");
        Assert.Contains(listed.EnumerateArray(), l => l.GetProperty("messageId").GetGuid() == id && !l.GetProperty("replayable").GetBoolean());
        var replay = await app.OperatorClient().PostAsync($"/api/v1/operator/dead-letters/notifications/{id}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("messaging.dead_letter.content_erased", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(max, await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().InboxMessages.Where(m => m.Id == id).Select(m => m.Attempts).SingleAsync()));
    }

    private IModuleMessaging Messaging(string module) => app.Services.GetServices<IModuleMessaging>().Single(m => m.Module == module);

    private Task<bool> Enterprise(string siret) =>
        app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().Enterprises.AnyAsync(e => e.Siret == siret));
}
