using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Urssaf.Modules.Documents.Contracts.IntegrationEvents;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Observability;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The instruments of ADR 0122 exist and measure, read with a <see cref="MeterListener"/> bound to this app's meters.</summary>
public sealed class MetricsTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _measured = new();

    [Fact]
    public async Task Request_queue_job_dead_letter_and_business_metrics_are_emitted()
    {
        var client = app.CreateClient();
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var published = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope != meters) return; // another app of this test process
            published.Add(instrument.Name);
            l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Keep(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Keep(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Keep(i, v, tags));
        listener.Start();

        Assert.True((await client.GetAsync("/health/live")).IsSuccessStatusCode);
        Assert.Contains(_measured, m => m.Name == "http.server.request.duration" && (string?)m.Tags["http.route"] == "/health/live");

        // a business fact counts once, when its event leaves the outbox committed
        var attestation = new AttestationIssued(Guid.CreateVersion7(), app.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(), Guid.NewGuid(), false,
            new DateOnly(2026, 5, 4), new DateOnly(2026, 8, 4));
        await app.ScopedAsync(async sp =>
        {
            var db = sp.GetRequiredService<DocumentsDbContext>();
            db.OutboxMessages.Add(OutboxMessage.From(attestation));
            return await db.SaveChangesAsync();
        });
        await app.Services.GetServices<IModuleMessaging>().Single(m => m.Module == "documents").RelayOutboxAsync(CancellationToken.None);
        await app.Services.GetServices<IModuleMessaging>().Single(m => m.Module == "documents").RelayOutboxAsync(CancellationToken.None);
        Assert.Equal(1, _measured.Count(m => m.Name == "urssaf.business.attestations"));
        Assert.Contains("urssaf.business.filings", published);
        Assert.Contains("urssaf.business.payments", published);

        // backlog, lag and dead letters per module and queue: one event waits in a subscriber's inbox now
        await app.Services.GetRequiredService<QueueMonitor>().RefreshAsync(CancellationToken.None);
        listener.RecordObservableInstruments();
        foreach (var module in new[] { "identity", "declarations", "payments", "documents", "notifications", "compliance" })
        {
            Assert.Contains(_measured, m => m.Name == "urssaf.messaging.backlog" && (string?)m.Tags["module"] == module && (string?)m.Tags["queue"] == "outbox");
            Assert.Contains(_measured, m => m.Name == "urssaf.messaging.lag" && (string?)m.Tags["module"] == module && (string?)m.Tags["queue"] == "inbox");
            Assert.Contains(_measured, m => m.Name == "urssaf.messaging.dead_letters" && (string?)m.Tags["module"] == module);
        }

        Assert.Contains(_measured, m => m.Name == "urssaf.messaging.backlog" && (string?)m.Tags["queue"] == "inbox" && m.Value >= 1);

        await app.Services.GetRequiredService<UrssafMetrics>().TimeJobAsync("remind-deadlines", () => app.RunDailyJobAsync("remind-deadlines"));
        Assert.Contains(_measured, m => m.Name == "urssaf.job.duration" && (string?)m.Tags["job"] == "remind-deadlines" && m.Value >= 0);
    }

    [Fact]
    public void OpenTelemetry_is_off_unless_an_OTLP_endpoint_is_configured()
    {
        Assert.Null(app.Services.GetService<MeterProvider>());
        using var exporting = new UrssafApp().With("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317");
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
    }

    private void Keep<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        _measured.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
    }
}
