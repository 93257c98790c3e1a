using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Accountability.Platform.Operations;

/// <summary>
/// Traces and metrics. Our own source and meter ("Accountability") count what the platform does
/// (events relayed, events handled); ASP.NET Core, HttpClient, the runtime and MassTransit add theirs.
/// Nothing is collected or sent unless an OTLP endpoint is configured: <c>Telemetry:OtlpEndpoint</c>
/// or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>Telemetry:OtlpProtocol</c> /
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> grpc or http/protobuf).
/// </summary>
public static class Telemetry
{
    public const string SourceName = "Accountability";
    public const string MassTransitSource = "MassTransit";

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);

    /// <summary>Events published from a store's outbox (tag: store).</summary>
    public static readonly Counter<long> OutboxRelayed = Meter.CreateCounter<long>("accountability.outbox.relayed", "{message}", "Events published from an outbox to the bus.");

    /// <summary>Messages a consumer handled (tags: consumer, outcome = applied | duplicate).</summary>
    public static readonly Counter<long> MessagesHandled = Meter.CreateCounter<long>("accountability.messages.handled", "{message}", "Messages handled by idempotent consumers.");

    /// <summary>
    /// How long a caller waited for its batch to be durable (tag: store): the queue before the
    /// writer, the group's statements and its commit. Server-side timings for the latency tails.
    /// </summary>
    public static readonly Histogram<double> StoreCommitWait = Meter.CreateHistogram<double>("accountability.store.commit.wait", "ms", "Time from handing a batch to the store to its durable commit.");

    /// <summary>One group commit of the SQLite writer (tags: store, phase = apply | commit; commit is the COMMIT and its fsync).</summary>
    public static readonly Histogram<double> StoreGroupPhase = Meter.CreateHistogram<double>("accountability.store.group.duration", "ms", "Time the single writer spends applying and committing one group.");

    /// <summary>Batches in one group commit of the SQLite writer (tag: store).</summary>
    public static readonly Histogram<int> StoreGroupSize = Meter.CreateHistogram<int>("accountability.store.group.size", "{batch}", "Batches sharing one group commit.");

    /// <summary>The OTLP endpoint configured, or null (telemetry off).</summary>
    public static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        var endpoint = configuration["Telemetry:OtlpEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        }

        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"Telemetry:OtlpEndpoint '{endpoint}' must be an absolute http(s) address, e.g. http://otel-collector:4317.");
    }

    public static WebApplicationBuilder AddAccountabilityTelemetry(this WebApplicationBuilder builder)
    {
        var endpoint = OtlpEndpoint(builder.Configuration);
        if (endpoint is null)
        {
            return builder;
        }

        var protocol = (builder.Configuration["Telemetry:OtlpProtocol"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]) switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "HttpProtobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"Telemetry:OtlpProtocol '{other}' must be grpc or http/protobuf."),
        };
        var serviceName = builder.Configuration["Telemetry:ServiceName"] ?? builder.Configuration["OTEL_SERVICE_NAME"] ?? ServiceName();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: Assembly.GetEntryAssembly()?.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(SourceName, MassTransitSource)
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(SourceName, MassTransitSource)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            // The base address: with http/protobuf the exporter appends /v1/traces and /v1/metrics itself.
            .UseOtlpExporter(protocol, endpoint);
        return builder;
    }

    /// <summary>The process's name for traces: accountability-petitions, accountability-host, ...</summary>
    private static string ServiceName() =>
        (Assembly.GetEntryAssembly()?.GetName().Name ?? "Accountability").ToLowerInvariant().Replace('.', '-');
}
