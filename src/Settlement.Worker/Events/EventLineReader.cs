using System.Buffers;

namespace Settlement.Worker.Events;

/// <summary>
/// Reads an event file line by line from a stream, so a file of a million lines is never in
/// memory at once: splits on LF over one pooled buffer (grown only for a line longer than it),
/// drops a CR before the LF and a BOM at the very start, and decodes each line strictly
/// (<see cref="EventLineText.Decode"/>). Lines are numbered from 1, blank ones included, as an
/// editor shows them; the text after the last LF is a line when it is not empty.
/// </summary>
internal sealed class EventLineReader : IDisposable
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream stream;
    private readonly string file;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    /// <summary>The bytes read and not yet returned are <c>buffer[start..end]</c>; <c>buffer[start..scanned]</c> holds no LF.</summary>
    private int start, end, scanned;
    private bool endOfFile, bomChecked;
    private int number;

    private EventLineReader(Stream stream, string file, int lines)
    {
        this.stream = stream; this.file = file; Lines = lines;
    }

    /// <summary>How many lines the file has, counted by a first pass over its bytes (for progress).</summary>
    public int Lines { get; }

    /// <summary>Opens the file and counts its lines; a file that cannot be read is the caller's mistake, not an internal error.</summary>
    public static EventLineReader Open(string file)
    {
        FileStream? stream = null;
        try
        {
            stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var lines = Count(stream);
            stream.Position = 0;
            return new EventLineReader(stream, file, lines);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            throw Unreadable(file, ex);
        }
    }

    private static int Count(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int lines = 0, n;
            var last = (byte)'\n';
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                lines += buffer.AsSpan(0, n).Count((byte)'\n');
                last = buffer[n - 1];
            }
            return last == '\n' ? lines : lines + 1;
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Appends up to <paramref name="max"/> further lines to <paramref name="into"/>; false when none was left.</summary>
    public bool ReadChunk(List<EventLineText.Line> into, int max)
    {
        var before = into.Count;
        while (into.Count - before < max && Next() is { } line) into.Add(line);
        return into.Count > before;
    }

    private EventLineText.Line? Next()
    {
        if (!bomChecked)
        {
            while (end - start < Bom.Length && !endOfFile) Fill();
            if (buffer.AsSpan(start, end - start).StartsWith(Bom)) start += Bom.Length;
            scanned = start;
            bomChecked = true;
        }
        while (true)
        {
            var lf = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Line(buffer.AsSpan(start, scanned + lf - start));
                start = scanned = scanned + lf + 1;
                return line;
            }
            scanned = end;
            if (endOfFile)
            {
                if (start == end) return null;
                var last = Line(buffer.AsSpan(start, end - start));
                start = end;
                return last;
            }
            Fill();
        }
    }

    private EventLineText.Line Line(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
        return EventLineText.Decode(++number, bytes);
    }

    /// <summary>Moves the unread bytes to the front (into a larger buffer when they fill it) and reads more after them.</summary>
    private void Fill()
    {
        var unread = end - start;
        if (unread == buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(start, unread).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        else if (start > 0) buffer.AsSpan(start, unread).CopyTo(buffer);
        scanned -= start;
        start = 0;
        end = unread;
        int n;
        try { n = stream.Read(buffer, end, buffer.Length - end); }
        catch (IOException ex) { throw Unreadable(file, ex); }
        if (n == 0) endOfFile = true;
        else end += n;
    }

    private static SettleException Unreadable(string file, Exception ex) => new($"{file}: cannot read the file: {ex.Message}");

    public void Dispose()
    {
        stream.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }
}
