using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>Outbox → inbox → handler with a real event between two modules (Identity → Declarations).</summary>
public sealed class MessagingTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private static object Formality(string siret) => new
    {
        siret, legalName = "Ana Lopez", apeCode = "7410Z", activityStartDate = "2025-09-01", activityNature = "liberal",
        primaryCategory = "liberal_bnc", department = "67", declarationFrequency = "monthly", incomeTaxWithholding = true, acre = true,
        address = "3 quai Z 67000 Strasbourg",
        entrepreneur = new { nir = "295109912611193", birthName = "Lopez", usageName = (string?)null, firstNames = "Ana", birthDate = "1995-10-12" },
    };

    [Fact]
    public async Task An_event_written_with_the_change_reaches_the_subscriber_once_even_when_delivered_twice()
    {
        const string siret = "57511119014056";
        Assert.Equal(HttpStatusCode.Created, (await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality(siret))).StatusCode);
        Assert.False(await Enterprise(siret));

        await app.DrainAsync();
        Assert.True(await Enterprise(siret));
        var outbox = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Content.Contains(siret)));
        Assert.NotNull(outbox.ProcessedOnUtc);

        // A relay that crashed after delivering but before marking delivers again: the inbox keeps one row, one effect.
        var declarations = Messaging("declarations");
        await declarations.ReceiveAsync(outbox.Id, outbox.Type, outbox.Content, CancellationToken.None);
        Assert.Equal(0, await app.DrainAsync());
        Assert.Equal(1, await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().InboxMessages.CountAsync(m => m.Id == outbox.Id)));
    }

    [Fact]
    public async Task A_lease_left_by_a_dead_process_is_released_when_the_single_host_starts()
    {
        const string siret = "73282933800019"; // its own: the fixture's host is shared by the class
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality(siret));
        var identity = Messaging("identity");
        var leased = DateTime.UtcNow.AddYears(1); // claimed by a process that was killed: the lease would hold it back
        await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().OutboxMessages.Where(m => m.Content.Contains(siret))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, leased)));
        Assert.Equal(0, await identity.RelayOutboxAsync(CancellationToken.None));

        Assert.True(await identity.ReleaseLeasesAsync(CancellationToken.None) >= 1);
        await app.DrainAsync();
        Assert.True(await Enterprise(siret));
        Assert.Contains(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Name == "ReleaseLeasesOnStartup");
    }

    [Fact]
    public async Task A_relayed_batch_reaches_the_subscriber_s_inbox_in_the_outbox_s_order()
    {
        string[] sirets = ["73282934600012", "73282935300018"];
        foreach (var siret in sirets)
            Assert.Equal(HttpStatusCode.Created, (await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality(siret))).StatusCode);
        Assert.True(await Messaging("identity").RelayOutboxAsync(CancellationToken.None) >= 2); // one batch, one transaction per subscriber

        var outbox = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Content.Contains(sirets[0]) || m.Content.Contains(sirets[1])).OrderBy(m => m.OccurredOnUtc).Select(m => m.Id).ToListAsync());
        var due = (await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().InboxMessages.AsNoTracking()
            .Where(m => outbox.Contains(m.Id)).Select(m => new { m.Id, m.NextAttemptOnUtc }).ToListAsync())).ToDictionary(m => m.Id, m => m.NextAttemptOnUtc);
        // consumed by due time: each later in the outbox is strictly later in the inbox (a tie would leave the order to chance)
        Assert.All(outbox.Zip(outbox.Skip(1)), pair => Assert.True(due[pair.First] < due[pair.Second]));
        await app.DrainAsync();
        foreach (var siret in sirets) Assert.True(await Enterprise(siret));
    }

    [Fact]
    public async Task One_relay_hands_the_event_to_the_subscriber_which_handles_it_at_once_and_polling_finds_nothing()
    {
        const string siret = "90104300074300";
        Assert.Equal(HttpStatusCode.Created, (await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality(siret))).StatusCode);
        await app.DrainAsync(); // earlier tests' leftovers
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality("90104300074318"));

        Assert.True(await Messaging("identity").RelayOutboxAsync(CancellationToken.None) >= 1);
        Assert.True(await Enterprise("90104300074318")); // one hop (ADR 0131): no inbox poll ran
        var id = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Content.Contains("90104300074318")).Select(m => m.Id).SingleAsync());
        var row = await Inbox(id);
        Assert.NotNull(row.ProcessedOnUtc);
        Assert.Null(row.LockedUntilUtc);
        Assert.Equal(0, await Messaging("declarations").ProcessInboxAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Events_stored_leased_by_a_relay_that_died_before_handling_them_are_handled_by_polling_once_the_lease_ends()
    {
        // The recovery path of one hop: the inbox row is in, leased to a relay that was killed before it handled it
        const string siret = "90104300074326";
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality(siret));
        var outbox = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Content.Contains(siret)));
        await Messaging("declarations").ReceiveAsync(outbox.Id, outbox.Type, outbox.Content, CancellationToken.None);
        var lease = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(5);
        await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().InboxMessages.Where(m => m.Id == outbox.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntilUtc, lease)));

        await app.DrainAsync();
        Assert.False(await Enterprise(siret)); // held by the dead relay's lease
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.DrainAsync();
        Assert.True(await Enterprise(siret));
        Assert.Equal(1, await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().InboxMessages.CountAsync(m => m.Id == outbox.Id)));
    }

    [Fact]
    public async Task A_poison_message_is_retried_with_backoff_then_dead_lettered_without_blocking_the_others()
    {
        var poison = Guid.CreateVersion7();
        var declarations = Messaging("declarations");
        await declarations.ReceiveAsync(poison, "identity.EnterpriseProfileChanged", "{ this is not json", CancellationToken.None);
        const string siret = "90104300074219";
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality(siret));

        await app.DrainAsync();
        Assert.True(await Enterprise(siret));
        var row = await Inbox(poison);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("JsonException", row.LastError);
        Assert.Null(row.ProcessedOnUtc);

        Assert.Equal(0, await app.DrainAsync()); // backing off: not due yet
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value;
        for (var i = 1; i < options.MaxAttempts; i++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            await app.DrainAsync();
        }

        Assert.Equal(options.MaxAttempts, (await Inbox(poison)).Attempts);
        Assert.Equal(1, await declarations.CountDeadLettersAsync(CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await app.DrainAsync()); // a dead letter is never retried
    }

    [Fact]
    public async Task A_sensitive_event_that_becomes_a_dead_letter_keeps_no_secret()
    {
        var id = Guid.CreateVersion7();
        var notifications = Messaging("notifications");
        await notifications.ReceiveAsync(id, "identity.TemporaryPasswordSmsRequested", "{ \"firstHalf\": \"Xk7#pQ2m\", broken", CancellationToken.None);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value;
        await app.DrainAsync();
        var pending = await NotificationsInbox(id);
        Assert.DoesNotContain("Xk7#pQ2m", pending.Content); // sealed at rest (ADR 40)
        Assert.Contains("Xk7#pQ2m", app.Services.GetRequiredService<SensitivePayloadProtector>().Open(pending.Content, id)); // still retried: kept
        for (var i = 1; i < options.MaxAttempts; i++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            await app.DrainAsync();
        }

        var dead = await NotificationsInbox(id);
        Assert.Equal(options.MaxAttempts, dead.Attempts);
        Assert.DoesNotContain("Xk7#pQ2m", dead.Content);
    }

    private Task<InboxMessage> NotificationsInbox(Guid id) => app.ScopedAsync(sp =>
        sp.GetRequiredService<Urssaf.Modules.Notifications.Persistence.NotificationsDbContext>().InboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task An_event_of_an_unknown_type_fails_instead_of_vanishing()
    {
        var id = Guid.CreateVersion7();
        await Messaging("declarations").ReceiveAsync(id, "identity.NoSuchEvent", "{}", CancellationToken.None);
        await app.DrainAsync();
        Assert.Contains("Unknown integration event type", (await Inbox(id)).LastError);
    }

    [Fact]
    public async Task Processed_messages_are_cleaned_up_after_the_retention()
    {
        const string siret = "12291435181293";
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", Formality(siret));
        await app.DrainAsync();
        app.Clock.Advance(TimeSpan.FromDays(31));
        await Messaging("identity").CleanupAsync(CancellationToken.None);
        Assert.False(await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().OutboxMessages.AnyAsync(m => m.Content.Contains(siret))));
    }

    [Fact]
    public void The_SqlServer_claim_uses_UPDLOCK_READPAST_and_parses()
    {
        var sql = ModuleMessaging<DeclarationsDbContext>.SqlServerClaim("declarations", "OutboxMessages");
        Assert.Contains("UPDLOCK, READPAST", sql);
        Assert.Empty(SqlServerScript.Parse(sql));
    }

    [Fact]
    public void Every_event_with_a_handler_is_routed_to_its_module()
    {
        var routing = app.Services.GetRequiredService<IntegrationEventRouting>();
        Assert.Contains("declarations", routing.SubscribersOf("identity.EnterpriseProfileChanged"));
        var registry = app.Services.GetRequiredService<IntegrationEventTypeRegistry>();
        Assert.All(routing.Subscriptions, s => Assert.NotNull(registry.Resolve(IntegrationEventTypeRegistry.KeyOf(s.EventType))));
    }

    private IModuleMessaging Messaging(string module) =>
        app.Services.GetServices<IModuleMessaging>().Single(m => m.Module == module);

    private Task<bool> Enterprise(string siret) =>
        app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().Enterprises.AnyAsync(e => e.Siret == siret));

    private Task<InboxMessage> Inbox(Guid id) =>
        app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().InboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
}
