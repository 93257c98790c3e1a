using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Accountability.EndToEnd.Tests.Infrastructure;

internal static class Ports
{
    /// <summary>
    /// A free port on 127.0.0.1 below the kernel's ephemeral range, so no outgoing connection is
    /// handed it between this check and the service binding it.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        int low = 20000;
        int high = 32767;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            high = int.Parse(range[0], CultureInfo.InvariantCulture) - 1;
            low = Math.Min(low, high - 5000);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
        }

        int[] reserved = [4369, 5671, 5672, 5080, 5081, 15672, 25672];
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = low >= 1024 ? Random.Shared.Next(low, high + 1) : 0;
            if (reserved.Contains(port))
            {
                continue;
            }

            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            catch (SocketException)
            {
            }
            finally
            {
                listener.Stop();
            }
        }

        throw new InvalidOperationException("No free port on 127.0.0.1 after 200 attempts.");
    }
}
