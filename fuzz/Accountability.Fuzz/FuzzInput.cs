using System.Text;

namespace Accountability.Fuzz;

/// <summary>How a target reads afl's bytes: UTF-8 as a gRPC string field arrives (invalid sequences become U+FFFD).</summary>
public static class FuzzInput
{
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Two parts split at the first NUL byte; without one, the second part is empty.</summary>
    public static (string First, string Second) Pair(ReadOnlySpan<byte> bytes)
    {
        var split = bytes.IndexOf((byte)0);
        return split < 0 ? (Text(bytes), "") : (Text(bytes[..split]), Text(bytes[(split + 1)..]));
    }
}
