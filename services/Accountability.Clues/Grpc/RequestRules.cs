using Accountability.Platform.Errors;
using Google.Protobuf.Collections;

namespace Accountability.Clues.Grpc;

/// <summary>Field limits of the Clues API, checked before anything is stored.</summary>
public static class RequestRules
{
    public const int MaxSummary = 20_000;
    public const int MaxShortText = 200;
    public const int MaxText = 2_000;
    public const int MaxSubjects = 50;
    public const int MaxPeople = 50;

    /// <summary>A list of names: min entries, each present, plain and short.</summary>
    public static void Names(RequestValidator v, string field, RepeatedField<string> names, int min)
    {
        v.Count(field, names, min, MaxPeople);
        for (var i = 0; i < names.Count; i++)
        {
            v.Text($"{field}[{i}]", names[i], MaxShortText, required: true);
        }
    }
}
