using System.Text;
using System.Text.Json;
using NodaTime;
using Settlement.Engine.Primitives;

namespace Settlement.Worker.Events;

/// <summary>
/// What an event line may hold before any rule looks at it (SETTLE-EVENT-INVALID otherwise): text
/// in valid UTF-8 (a bad byte is never replaced by U+FFFD and carried into an order), no NUL
/// character (PostgreSQL text cannot hold one, so it would roll back the whole file), and every
/// date within the years the service handles (9999-12-31 is stored as PostgreSQL's "infinity" and
/// can never be read back the same, which would break the log's hash chain for good).
/// </summary>
internal static class EventLineText
{
    public static readonly LocalDate MinDate = new(2000, 1, 1), MaxDate = new(2099, 12, 31);

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A line of the file: its text, or why it is not text (then the text is its bytes in base64, kept for the log).</summary>
    public readonly record struct Line(int Number, string Text, string? Problem);

    /// <summary>A line's text as the log can hold it when the line is refused for what it contains: its UTF-8 bytes in base64.</summary>
    public static string Base64(string text) => "base64:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>One line's bytes (without its line break) decoded strictly: its text, or its bytes in base64 and why it is not text.</summary>
    public static Line Decode(int number, ReadOnlySpan<byte> line)
    {
        try { return new Line(number, Strict.GetString(line), null); }
        catch (DecoderFallbackException ex)
        {
            return new Line(number, "base64:" + Convert.ToBase64String(line), $"the line is not valid UTF-8 (byte {ex.Index + 1})");
        }
    }

    /// <summary>Why the parsed line cannot be logged as it is (a NUL character), or null.</summary>
    public static string? Nul(string text, JsonElement e) =>
        text.Contains('\0') ? "the line contains a NUL byte"
        : text.Contains("\\u0000", StringComparison.OrdinalIgnoreCase) && HasNul(e) ? "a value contains a NUL character (\\u0000)"
        : null;

    private static bool HasNul(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!.Contains('\0'),
        JsonValueKind.Object => e.EnumerateObject().Any(p => p.Name.Contains('\0') || HasNul(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Any(HasNul),
        _ => false,
    };

    /// <summary>The first date anywhere in the event outside <see cref="MinDate"/>…<see cref="MaxDate"/>, as "'name' value", or null.</summary>
    public static string? DateOutOfRange(JsonElement e, string name = "")
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return Dates.TryParse(e.GetString(), out var d) && (d < MinDate || d > MaxDate) ? $"'{name}' {e.GetString()}" : null;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) if (DateOutOfRange(p.Value, p.Name) is { } found) return found;
                return null;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) if (DateOutOfRange(item, name) is { } found) return found;
                return null;
            default: return null;
        }
    }
}
