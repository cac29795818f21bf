using System.Security.Cryptography;
using Serilog;
using Settlement.Peppol.Reading;

namespace Settlement.Worker.Intake;

/// <summary>
/// Reads inbound files for the intake, one at a time as the intake asks for them. A file that
/// vanished before it was read is reported and skipped (nothing was received); a file larger than
/// the intake's limit is refused by size before it is read: its SHA-256 is computed as it streams
/// past, and only its first 64 KiB are kept in the archive with its real size, so a 3 GiB file costs
/// no more memory than a small one and is still on record.
/// </summary>
internal static class InboundFiles
{
    /// <summary>How much of an oversized file the archive keeps.</summary>
    public const int KeptHead = 64 * 1024;

    /// <summary>The files as inbound documents, in the order given; <paramref name="skipped"/> hears of each that could not be read (path, why).</summary>
    public static IEnumerable<InboundDocument> Read(IEnumerable<(string Path, string Source)> files, Channel channel, Action<string, string> skipped, long? maxBytes = null)
    {
        var limit = maxBytes ?? InboundOptions.Default.MaxBytes;
        foreach (var (path, source) in files)
        {
            InboundDocument? document = null;
            try { document = ReadOne(path, source, channel, limit); }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                Log.Warning("Inbound file {Path} vanished before it was read; skipped", path);
                skipped(path, "the file vanished before it was read; skipped");
            }
            if (document is not null) yield return document;
        }
    }

    private static InboundDocument ReadOne(string path, string source, Channel channel, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (stream.Length <= limit)
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return InboundDocument.Of(channel, source, bytes);
        }
        var head = new byte[KeptHead];
        var kept = stream.ReadAtLeast(head, KeptHead, throwOnEndOfStream: false);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(head, 0, kept);
        var buffer = new byte[1 << 20];
        long size = kept;
        int n;
        while ((n = stream.Read(buffer)) > 0) { sha.AppendData(buffer, 0, n); size += n; }
        Log.Warning("Inbound file {Path} is {Size} bytes, over the limit of {Limit}: archived as its hash and first {Kept} bytes, refused by size", path, size, limit, kept);
        return new InboundDocument(channel, source, head[..kept], size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
