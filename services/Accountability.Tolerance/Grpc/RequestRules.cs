using System.Globalization;
using Accountability.Platform.Errors;
using Accountability.Tolerance.Domain;
using Api = Accountability.Protos.Tolerance.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Tolerance.Grpc;

/// <summary>Field limits and shared checks of the Tolerance API, applied before anything is stored.</summary>
public static class RequestRules
{
    public const int MaxLongText = 20_000;
    public const int MaxText = 2_000;
    public const int MaxShortText = 200;
    public const int MaxTargets = 50;
    public const int MaxMembers = 50;
    public const int MaxEvidence = 20;
    public const int MaxForms = 10;
    public const int MaxRules = 200;
    public const int MaxConditions = 20;

    /// <summary>A YYYY-MM-DD date that exists; null (and a violation when required) when empty.</summary>
    public static DateOnly? Date(RequestValidator v, string field, string value, bool required, DateOnly? notAfter = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                v.Add(field, "is required");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            v.Add(field, "must be a date YYYY-MM-DD");
            return null;
        }

        if (day > notAfter)
        {
            v.Add(field, "is in the future");
        }

        return day;
    }

    public static void Cadre(RequestValidator v, string field, Api.Cadre? cadre)
    {
        if (cadre is null)
        {
            v.Add(field, "is required for a cadre target");
            return;
        }

        v.Text(field + ".name", cadre.Name, MaxShortText, required: true)
            .Text(field + ".unit", cadre.Unit, MaxShortText)
            .Text(field + ".post", cadre.Post, MaxShortText)
            .Defined(field + ".level", cadre.Level)
            .Text(field + ".cadre_id", cadre.CadreId, RequestValidator.MaxIdLength);
    }

    public static void Attachment(RequestValidator v, string field, Common.AttachmentRef attachment)
    {
        v.Text(field + ".name", attachment.Name, MaxShortText, required: true)
            .Sha256(field + ".sha256", attachment.Sha256)
            .Text(field + ".uri", attachment.Uri, MaxText, required: true)
            .Text(field + ".media_type", attachment.MediaType, MaxShortText);
        if (attachment.SizeBytes < 0)
        {
            v.Add(field + ".size_bytes", "must not be negative");
        }
    }

    /// <summary>Form kinds by name; whether each applies to the target is the workflow's check.</summary>
    public static void Forms(RequestValidator v, string field, IReadOnlyList<string> kinds)
    {
        v.Count(field, kinds, 0, MaxForms);
        for (var i = 0; i < kinds.Count; i++)
        {
            if (!FormTable.IsKnown(kinds[i]))
            {
                v.Add($"{field}[{i}]", $"'{Clip(kinds[i])}' is not a form kind (e.g. admonishment, circulated_criticism, org_removal)");
            }
        }
    }

    public static void Defined<TEnum>(RequestValidator v, string field, IReadOnlyList<TEnum> values)
        where TEnum : struct, Enum
    {
        for (var i = 0; i < values.Count; i++)
        {
            v.Defined($"{field}[{i}]", values[i]);
        }
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
