using System.Text.Json;

namespace Settlement.Worker.Portal.Html;

/// <summary>
/// A stored derivation as finance staff read it. An order stores JSON (<c>asOf</c>,
/// <c>tariffSha256</c>, <c>eventSeqs</c>, and <c>explanation</c>: the engine Explainer's Swedish
/// text); a delivery stores one line of text. Anything else is shown as stored.
/// </summary>
internal static class Derivation
{
    public static Markup Render(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored)) return H.Raw("<p class=\"empty\">Ingen härledning sparad.</p>");
        if (stored.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(stored);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("explanation", out var explanation) && explanation.ValueKind == JsonValueKind.String)
                {
                    var asOf = Text(root, "asOf");
                    var sha = Text(root, "tariffSha256");
                    var seqs = root.TryGetProperty("eventSeqs", out var s) && s.ValueKind == JsonValueKind.Array
                        && s.GetArrayLength() > 0
                        ? string.Join(", ", s.EnumerateArray().Select(e => e.ToString())) : null;
                    return H.Html($"""
                        <p class="muted">Beräknad {asOf} med taxa {(sha is { Length: >= 12 } ? sha[..12] : sha)}{(seqs is null ? "" : $" och händelserna nr {seqs}")}.</p>
                        <pre class="derivation">{explanation.GetString()}</pre>
                        """);
                }
            }
            catch (JsonException) { }
        }
        return H.Html($"""<pre class="derivation">{stored}</pre>""");
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The explanation alone (for JSON answers); the stored text when it is not the order form.</summary>
    public static string Explanation(string? stored)
    {
        if (stored is not null && stored.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(stored);
                if (doc.RootElement.TryGetProperty("explanation", out var x) && x.ValueKind == JsonValueKind.String) return x.GetString()!;
            }
            catch (JsonException) { }
        }
        return stored ?? "";
    }
}
