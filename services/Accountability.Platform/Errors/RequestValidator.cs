using System.Text.RegularExpressions;

namespace Accountability.Platform.Errors;

/// <summary>Collects every bad field of a request before anything is stored.</summary>
public sealed partial class RequestValidator
{
    public const int MaxIdLength = 100;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    // 0001-01-02 to 9999-12-30: a day inside DateTimeOffset's range, so moving an instant to local
    // time (China Standard Time) can never overflow.
    private const long MinTimestampSeconds = -62_135_510_400;
    private const long MaxTimestampSeconds = 253_402_214_399;

    private readonly List<FieldViolation> _violations = [];

    public IReadOnlyList<FieldViolation> Violations => _violations;

    public RequestValidator Add(string field, string description)
    {
        _violations.Add(new FieldViolation(field, description));
        return this;
    }

    public RequestValidator Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }

        return this;
    }

    /// <summary>Length in Unicode text elements would be kinder, but storage limits are about UTF-16 length.</summary>
    public RequestValidator MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"is longer than {max} characters");
        }

        return this;
    }

    /// <summary>Rejects C0 control characters other than tab, line feed and carriage return.</summary>
    public RequestValidator PlainText(string field, string? value)
    {
        if (value is not null && value.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r'))
        {
            Add(field, "contains control characters");
        }

        return this;
    }

    public RequestValidator Text(string field, string? value, int max, bool required = false)
    {
        if (required)
        {
            Required(field, value);
        }

        return MaxLength(field, value, max).PlainText(field, value);
    }

    public RequestValidator Defined<TEnum>(string field, TEnum value, bool allowUnspecified = false)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Add(field, $"has an unknown value {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)}");
        }
        else if (!allowUnspecified && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            Add(field, "must be specified");
        }

        return this;
    }

    public RequestValidator Sha256(string field, string? value)
    {
        if (value is null || !Sha256Pattern().IsMatch(value))
        {
            Add(field, "must be 64 lower-case hexadecimal characters (SHA-256)");
        }

        return this;
    }

    public RequestValidator Count<T>(string field, IReadOnlyCollection<T> items, int min, int max)
    {
        if (items.Count < min)
        {
            Add(field, min == 1 ? "needs at least one entry" : $"needs at least {min} entries");
        }
        else if (items.Count > max)
        {
            Add(field, $"has more than {max} entries");
        }

        return this;
    }

    /// <summary>A protobuf Timestamp that converts to an instant (years 1 to 9999, nanos in range).</summary>
    public RequestValidator Timestamp(string field, Google.Protobuf.WellKnownTypes.Timestamp? value, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required");
            }
        }
        else if (value.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || value.Nanos is < 0 or > 999_999_999)
        {
            Add(field, "is not a valid timestamp");
        }

        return this;
    }

    /// <summary>An object id: required, bounded, plain text.</summary>
    public RequestValidator Id(string field, string? value) => Text(field, value, MaxIdLength, required: true);

    /// <summary>expected_version: 0 skips the check, otherwise the version the caller read.</summary>
    public RequestValidator ExpectedVersion(long value)
    {
        if (value < 0)
        {
            Add("expected_version", "must not be negative");
        }

        return this;
    }

    /// <summary>Checks page_size (0 = the default, at most <see cref="MaxPageSize"/>) and page_token; returns where to continue.</summary>
    public Storage.Cursor? Paging(int pageSize, string pageToken)
    {
        if (pageSize is < 0 or > MaxPageSize)
        {
            Add("page_size", $"must be between 0 and {MaxPageSize}");
        }

        Storage.Cursor? after = null;
        if (pageToken.Length > 0 && !Storage.PageTokens.TryDecode(pageToken, out after))
        {
            Add("page_token", "is not a token this service issued");
        }

        return after;
    }

    /// <summary>The page size to use for a validated request.</summary>
    public static int PageLimit(int pageSize) => pageSize == 0 ? DefaultPageSize : pageSize;

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
        {
            throw new RequestValidationException(_violations.ToArray());
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
