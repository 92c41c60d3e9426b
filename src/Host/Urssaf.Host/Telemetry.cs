using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Urssaf.SharedKernel.Infrastructure.Observability;

namespace Urssaf.Api;

/// <summary>
/// OpenTelemetry traces, metrics and logs through OTLP (ADR 0122). Off by default: on only when the standard variable
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (and <c>OTEL_SDK_DISABLED</c> is not <c>true</c>); everything else
/// (<c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>…_HEADERS</c>,
/// <c>OTEL_METRIC_EXPORT_INTERVAL</c>…) is read by the SDK itself. The instruments exist either way.
/// </summary>
internal static class Telemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool Enabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointVariable]) && !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase);

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UrssafMetrics>();
        if (!Enabled(builder.Configuration)) return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "urssaf-account"))
            .WithTracing(t => t
                .AddSource(UrssafMetrics.MeterName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddMeter(UrssafMetrics.MeterName)
                .AddAspNetCoreInstrumentation() // http.server.request.duration, active requests, rate-limiting
                .AddHttpClientInstrumentation()
                .AddOtlpExporter())
            .WithLogging(l => l.AddOtlpExporter(), o => o.IncludeFormattedMessage = true);
        return builder;
    }
}
