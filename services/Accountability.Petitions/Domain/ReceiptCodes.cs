using System.Globalization;
using System.Numerics;
using Accountability.Platform.Security;

namespace Accountability.Petitions.Domain;

/// <summary>
/// Receipt codes (查询码): 16 digits derived with the server's secret hash key from the
/// submission's idempotency scope, so a retried submit gets the same code back although only
/// the code's hash is stored. Without the key the code cannot be guessed (10^16 values).
/// </summary>
public sealed class ReceiptCodes(FieldProtector protector)
{
    public const int Length = 16;

    public string CodeFor(string idempotencyScope)
    {
        var hex = protector.LookupHash("receipt-code", idempotencyScope);
        var value = BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture) % BigInteger.Pow(10, Length);
        return value.ToString(CultureInfo.InvariantCulture).PadLeft(Length, '0');
    }

    public string HashOf(string code) => protector.LookupHash("receipt-code-hash", code);

    public static bool IsWellFormed(string code) => code.Length == Length && code.All(char.IsAsciiDigit);
}
