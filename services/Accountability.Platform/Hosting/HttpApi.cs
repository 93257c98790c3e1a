using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi.Models;

namespace Accountability.Platform.Hosting;

/// <summary>
/// JSON over HTTP for systems that cannot speak gRPC: the RPCs with a <c>google.api.http</c>
/// annotation in protos/ are also served as JSON endpoints (gRPC JSON transcoding) by the same
/// service code, so validation, access rules, auditing and error mapping are the gRPC call's own.
/// Their OpenAPI document is served at <see cref="OpenApiPath"/>.
/// </summary>
public static class HttpApi
{
    public const string OpenApiDocument = "v1";

    /// <summary>Where every process serves the OpenAPI document of its transcoded RPCs.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>
    /// The error details the services send (<see cref="BadRequest"/>, <see cref="RetryInfo"/>):
    /// registered so a transcoded error's <c>google.rpc.Status</c> body can print them as JSON.
    /// </summary>
    public static readonly TypeRegistry ErrorDetails = TypeRegistry.FromMessages(BadRequest.Descriptor, RetryInfo.Descriptor);

    public static IGrpcServerBuilder AddAccountabilityHttpApi(this IGrpcServerBuilder grpc)
    {
        grpc.AddJsonTranscoding(options => options.TypeRegistry = ErrorDetails);
        grpc.Services.AddGrpcSwagger();
        grpc.Services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(OpenApiDocument, new OpenApiInfo
            {
                Title = "Accountability JSON API",
                Version = OpenApiDocument,
                Description = "gRPC JSON transcoding of the RPCs annotated with google.api.http. Every call but the reporter's receipt window needs a bearer token.",
            });
            // Several services have a message of the same name (RecordFeedbackRequest, ...); the all-in-one host documents them all.
            swagger.CustomSchemaIds(type => (type.FullName ?? type.Name).Replace('+', '.'));
        });
        return grpc;
    }

    /// <summary>The OpenAPI document, readable without a token: it describes the API, not its data.</summary>
    public static IEndpointRouteBuilder MapAccountabilityHttpApi(this IEndpointRouteBuilder app)
    {
        app.MapSwagger("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
