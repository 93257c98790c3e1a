using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Accountability.Platform.Operations;

/// <summary>
/// Console logs: one JSON object per line when <c>Logging:Format</c> is <c>json</c> (the images
/// set it), the readable console otherwise. Every line written during a request carries its
/// TraceId and SpanId (as a scope), so a log line leads to its trace. Log messages name methods,
/// ids and status codes, never request contents: a reporter's identity is not in any of them.
/// </summary>
public static class Logs
{
    public const string JsonFormat = "json";

    public static WebApplicationBuilder AddAccountabilityLogs(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var format = builder.Configuration["Logging:Format"];
        if (string.Equals(format, JsonFormat, StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                // Chinese text stays readable in the log (the default escapes every non-ASCII character).
                options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else if (!string.IsNullOrEmpty(format) && !string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Logging:Format '{format}' must be json or text.");
        }

        builder.Services.AddSingleton<RpcLogInterceptor>();
        return builder;
    }
}

/// <summary>One line per RPC: the method, the status code and the time taken (never the request or the caller's token).</summary>
public sealed class RpcLogInterceptor(ILogger<RpcLogInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.OK;
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e)
        {
            code = e.StatusCode;
            throw;
        }
        catch (Exception)
        {
            code = StatusCode.Internal;
            throw;
        }
        finally
        {
            if (!context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal))
            {
                logger.LogInformation("RPC {Method} answered {StatusCode} in {ElapsedMs:F1} ms", context.Method, code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }
}
