using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Urssaf.SharedKernel.Infrastructure.Messaging;

namespace Urssaf.SharedKernel.Infrastructure.Observability;

/// <summary>
/// The service's own instruments, on the meter <see cref="MeterName"/> (ADR 0122). The OpenTelemetry SDK in the host
/// exports them with the ASP.NET Core request metrics when OTLP is configured; without it they cost next to nothing.
/// </summary>
public sealed class UrssafMetrics
{
    public const string MeterName = "Urssaf";

    /// <summary>Traces of the background work (relay, inbox, jobs), beside ASP.NET Core's request traces.</summary>
    public static readonly ActivitySource Activities = new(MeterName);

    /// <summary>Committed business facts, counted once as their event leaves the outbox: event type key → counter.</summary>
    private readonly Dictionary<string, Counter<long>> _business;
    private readonly Histogram<double> _jobDuration;
    private readonly ConcurrentDictionary<string, QueueState> _queues = new();

    public UrssafMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Meter = meter;
        _business = new Dictionary<string, Counter<long>>
        {
            ["declarations.DeclarationFiled"] = meter.CreateCounter<long>("urssaf.business.filings", "{declaration}", "Declarations filed (corrections are not counted)."),
            ["payments.PaymentReceived"] = meter.CreateCounter<long>("urssaf.business.payments", "{payment}", "Payments received."),
            ["documents.AttestationIssued"] = meter.CreateCounter<long>("urssaf.business.attestations", "{attestation}", "Attestations issued."),
        };
        _jobDuration = meter.CreateHistogram<double>("urssaf.job.duration", "s", "Duration of one run of a background job (relay, inbox, delivery, daily job).");
        meter.CreateObservableGauge("urssaf.messaging.backlog", () => Queues(q => (q.OutboxBacklog, q.InboxBacklog)), "{message}",
            "Messages waiting in each module's outbox and inbox (dead letters excluded).");
        meter.CreateObservableGauge("urssaf.messaging.lag", () => Queues(q => (q.OutboxLagSeconds, q.InboxLagSeconds)), "s",
            "How long the oldest due message of each module's outbox and inbox has waited.");
        meter.CreateObservableGauge("urssaf.messaging.dead_letters",
            () => _queues.Values.Select(q => new Measurement<long>(q.DeadLetters, new KeyValuePair<string, object?>("module", q.Module))), "{message}",
            "Messages that failed every attempt, per module (GET /api/v1/operator/dead-letters).");
    }

    public Meter Meter { get; }

    /// <summary>Called by the relay once an event is committed as delivered: counts it when it is a business fact.</summary>
    public void EventRelayed(string type)
    {
        if (_business.TryGetValue(type, out var counter)) counter.Add(1);
    }

    public void JobRan(string job, TimeSpan duration) => _jobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("job", job));

    /// <summary>Times one run of a background job, traced as one activity.</summary>
    public async Task<T> TimeJobAsync<T>(string job, Func<Task<T>> run)
    {
        using var activity = Activities.StartActivity($"job {job}");
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await run();
        }
        finally
        {
            JobRan(job, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The latest measurement of a module's queues, read by the gauges (see <see cref="QueueMonitor"/>).</summary>
    public void QueuesMeasured(QueueState state) => _queues[state.Module] = state;

    private IEnumerable<Measurement<T>> Queues<T>(Func<QueueState, (T Outbox, T Inbox)> value) where T : struct =>
        _queues.Values.SelectMany(q =>
        {
            var (outbox, inbox) = value(q);
            return new[]
            {
                new Measurement<T>(outbox, new KeyValuePair<string, object?>("module", q.Module), new KeyValuePair<string, object?>("queue", "outbox")),
                new Measurement<T>(inbox, new KeyValuePair<string, object?>("module", q.Module), new KeyValuePair<string, object?>("queue", "inbox")),
            };
        });
}

/// <summary>Measures every module's queues for the gauges (a gauge's callback must not query a database).</summary>
public sealed class QueueMonitor(IEnumerable<IModuleMessaging> modules, UrssafMetrics metrics)
{
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var module in modules) metrics.QueuesMeasured(await module.MeasureAsync(cancellationToken));
    }
}
