using System.Security.Cryptography;
using System.Text;

namespace Settlement.Worker;

/// <summary>
/// A UUID derived from a name that is itself unique forever (an order number, a response id), so
/// an envelope's instance identifier has the UUID form PEPPOL recommends and the same document is
/// the same bytes however often it is produced (demos and replays are reproducible).
/// </summary>
internal static class StableIds
{
    public static string Uuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("settlement:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5 layout (name-based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
