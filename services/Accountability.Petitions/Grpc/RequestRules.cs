using Accountability.Platform.Errors;
using Google.Protobuf.Collections;
using Api = Accountability.Protos.Petitions.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Petitions.Grpc;

/// <summary>Field limits of the Petitions API, checked before anything is stored.</summary>
public static class RequestRules
{
    public const int MaxFacts = 20_000;
    public const int MaxShortText = 200;
    public const int MaxReason = 2_000;
    public const int MaxAccused = 50;
    public const int MaxAttachments = 50;
    public const int MaxIdLength = RequestValidator.MaxIdLength;

    public static void Attachments(RequestValidator v, string field, RepeatedField<Common.AttachmentRef> attachments)
    {
        v.Count(field, attachments, 0, MaxAttachments);
        for (var i = 0; i < attachments.Count; i++)
        {
            var a = attachments[i];
            v.Text($"{field}[{i}].name", a.Name, MaxShortText, required: true)
                .Sha256($"{field}[{i}].sha256", a.Sha256)
                .Text($"{field}[{i}].uri", a.Uri, 1_000)
                .Text($"{field}[{i}].media_type", a.MediaType, MaxShortText);
            if (a.SizeBytes < 0)
            {
                v.Add($"{field}[{i}].size_bytes", "must not be negative");
            }
        }
    }

    public static void Submit(RequestValidator v, Api.SubmitPetitionRequest r)
    {
        v.Text("idempotency_key", r.IdempotencyKey, MaxIdLength, required: true)
            .Defined("channel", r.Channel)
            .Defined("kind", r.Kind)
            .Text("facts", r.Facts, MaxFacts, required: true)
            .Count("accused", r.Accused, 1, MaxAccused)
            .Count("disciplines", r.Disciplines, 0, 16);
        for (var i = 0; i < r.Accused.Count; i++)
        {
            var a = r.Accused[i];
            v.Text($"accused[{i}].name", a.Name, MaxShortText, required: true)
                .Text($"accused[{i}].unit", a.Unit, MaxShortText)
                .Text($"accused[{i}].post", a.Post, MaxShortText)
                .Defined($"accused[{i}].level", a.Level)
                .Text($"accused[{i}].cadre_id", a.CadreId, MaxIdLength);
        }

        for (var i = 0; i < r.Disciplines.Count; i++)
        {
            v.Defined($"disciplines[{i}]", r.Disciplines[i]);
        }

        if (r.Reporter is { } reporter)
        {
            v.Text("reporter.name", reporter.Name, MaxShortText)
                .Text("reporter.unit", reporter.Unit, MaxShortText)
                .Text("reporter.phone", reporter.Phone, 40)
                .Text("reporter.address", reporter.Address, MaxShortText)
                .Text("reporter.id_number", reporter.IdNumber, 40);
        }

        Attachments(v, "attachments", r.Attachments);
        if (r.Channel == Api.Channel.Transferred)
        {
            v.Text("source_organ_id", r.SourceOrganId, MaxIdLength, required: true);
        }
        else
        {
            v.Text("source_organ_id", r.SourceOrganId, MaxIdLength);
        }

        v.Timestamp("received_at", r.ReceivedAt);
    }
}
