using System.Net;
using System.Net.Sockets;

namespace AuthServer.Testing;

/// <summary>Free loopback TCP ports, asked of the kernel.</summary>
public static class Ports
{
    public static int Free()
    {
        using TcpListener l = new(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the port.</summary>
    public static async Task<bool> WaitListeningAsync(int port, TimeSpan timeout, Func<bool>? gaveUp = null)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            if (gaveUp?.Invoke() == true)
            {
                return false;
            }

            try
            {
                using TcpClient c = new();
                await c.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }
}
