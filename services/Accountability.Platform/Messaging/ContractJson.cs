using System.Text.Json;
using System.Text.Json.Serialization;

namespace Accountability.Platform.Messaging;

/// <summary>How outbox payloads are written: the contracts' own property names, enums by name.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
