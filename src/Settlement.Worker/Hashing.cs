using System.Security.Cryptography;
using System.Text;

namespace Settlement.Worker;

internal static class Hashing
{
    public static byte[] Sha256(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
    public static byte[] Sha256(byte[] bytes) => SHA256.HashData(bytes);
    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
    public static string Sha256Hex(string text) => Hex(Sha256(text));
    public static string Sha256Hex(byte[] bytes) => Hex(Sha256(bytes));
}
