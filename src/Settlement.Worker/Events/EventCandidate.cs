using System.Runtime.InteropServices;
using System.Text.Json;

namespace Settlement.Worker.Events;

/// <summary>A non-blank line in its canonical form; <see cref="Problem"/> when it is not a JSON event the log can hold (then the canonical form is its text, or its bytes in base64, as a JSON string).</summary>
internal sealed record EventCandidate(int Line, string Canonical, string? Problem, string? Placement = null, string? Provider = null)
{
    public byte[] ContentHash { get; } = Hashing.Sha256(Canonical);
    public string Hex => field ??= Hashing.Hex(ContentHash);
    /// <summary>The content hash's first 128 bits: what the importer keeps per accepted line to find a repeat (a hex string would cost 150 bytes).</summary>
    public UInt128 Key => MemoryMarshal.Read<UInt128>(ContentHash);

    /// <summary>The non-blank lines of a chunk in their canonical form.</summary>
    public static List<EventCandidate> Canonicalise(List<EventLineText.Line> lines)
    {
        var result = new List<EventCandidate>(lines.Count);
        foreach (var (number, text, problem) in lines)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (problem is not null) { result.Add(new EventCandidate(number, CanonicalJson.OfText(text), problem)); continue; }
            try
            {
                using var doc = JsonDocument.Parse(text);
                var e = doc.RootElement;
                if (EventLineText.Nul(text, e) is { } nul) { result.Add(new EventCandidate(number, CanonicalJson.OfText(EventLineText.Base64(text)), nul)); continue; }
                result.Add(new EventCandidate(number, CanonicalJson.Write(e), null, EventImporter.Str(e, "placement"), EventImporter.Str(e, "provider") ?? EventImporter.Str(e, "orgNumber")));
            }
            catch (JsonException ex)
            {
                var kept = text.Contains('\0') ? EventLineText.Base64(text) : text.Trim();
                result.Add(new EventCandidate(number, CanonicalJson.OfText(kept), $"not valid JSON: {ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}"));
            }
        }
        return result;
    }
}
