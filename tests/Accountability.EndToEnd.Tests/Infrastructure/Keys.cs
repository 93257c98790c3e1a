using System.Security.Cryptography;

namespace Accountability.EndToEnd.Tests.Infrastructure;

internal static class Keys
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
