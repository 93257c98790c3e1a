using Accountability.Platform.Errors;
using Google.Protobuf.Collections;
using Api = Accountability.Protos.Talks.V1;

namespace Accountability.Talks.Grpc;

/// <summary>Field limits of the Talks API, checked before anything is stored.</summary>
public static class RequestRules
{
    public const int MaxRecord = 50_000;
    public const int MaxShortText = 200;
    public const int MaxText = 2_000;
    public const int MaxPeople = 20;
    public const int MaxAttachments = 50;

    /// <summary>Participants: each with an id and a name, none twice; the count against the configured maximum is the workflow's.</summary>
    public static void Participants(RequestValidator v, string field, RepeatedField<Api.ParticipantInput> participants, int min, int max)
    {
        v.Count(field, participants, min, max);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < participants.Count; i++)
        {
            v.Id($"{field}[{i}].cadre_id", participants[i].CadreId)
                .Text($"{field}[{i}].name", participants[i].Name, MaxShortText, required: true);
            if (participants[i].CadreId.Length > 0 && !seen.Add(participants[i].CadreId.Trim()))
            {
                v.Add($"{field}[{i}].cadre_id", "is listed twice");
            }
        }
    }

    /// <summary>Staff who talk or take notes: at least <paramref name="min"/>, each present and short, none twice.</summary>
    public static void Staff(RequestValidator v, string field, RepeatedField<string> names, int min)
    {
        v.Count(field, names, min, MaxPeople);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            v.Text($"{field}[{i}]", names[i], MaxShortText, required: true);
            if (names[i].Length > 0 && !seen.Add(names[i].Trim()))
            {
                v.Add($"{field}[{i}]", "is listed twice");
            }
        }
    }

    public static void Signature(RequestValidator v, string field, Api.Signature? signature, bool required)
    {
        if (signature is null)
        {
            if (required)
            {
                v.Add(field, "is required");
            }

            return;
        }

        v.Text(field + ".who", signature.Who, MaxShortText, required: true).Timestamp(field + ".at", signature.At, required: true);
    }
}
