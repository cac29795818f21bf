using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime.Text;

namespace Settlement.Worker.Anchoring;

/// <summary>
/// `settle anchor export`'s file: the latest checkpoint with the public key that verifies it, for
/// an auditor to keep outside the service's reach. Replayed against later (`settle replay --anchor
/// FILE`), it shows whether the log still holds the row it names with the hash it names, which no
/// check inside the database can prove once the stored checkpoints themselves may have been removed.
/// </summary>
internal static class AnchorFile
{
    public const string Format = "settlement-anchor/1";

    public static string Write(Checkpoint c, CheckpointKey key) =>
        new JsonObject
        {
            ["format"] = Format,
            ["seq"] = c.Seq,
            ["head"] = Hashing.Hex(c.Head),
            ["signedAt"] = InstantPattern.ExtendedIso.Format(c.SignedAt),
            ["keyId"] = c.KeyId,
            ["signature"] = Convert.ToBase64String(c.Signature),
            ["publicKey"] = key.PublicPem,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>
    /// Reads an anchor and checks it carries its own valid signature; anything else is a
    /// <see cref="SettleException"/> (exit 2) naming the file and the field.
    /// </summary>
    public static (Checkpoint Checkpoint, CheckpointKey Key) Read(string path)
    {
        JsonObject o;
        try { o = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new SettleException($"anchor {path}: not a JSON object"); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new SettleException($"anchor {path}: cannot read it: {ex.Message.ReplaceLineEndings(" ")}");
        }
        string Text(string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
            ? s : throw new SettleException($"anchor {path}: '{name}' is missing or not a string");
        if (Text("format") != Format) throw new SettleException($"anchor {path}: 'format' is {Text("format")}, expected {Format}");
        if (o["seq"] is not JsonValue sv || !sv.TryGetValue<long>(out var seq) || seq < 1) throw new SettleException($"anchor {path}: 'seq' is not a positive integer");
        byte[] head, signature;
        try { head = Convert.FromHexString(Text("head")); signature = Convert.FromBase64String(Text("signature")); }
        catch (FormatException) { throw new SettleException($"anchor {path}: 'head' is not hex or 'signature' is not base64"); }
        var at = InstantPattern.ExtendedIso.Parse(Text("signedAt"));
        if (!at.Success) throw new SettleException($"anchor {path}: 'signedAt' {Text("signedAt")} is not an ISO instant");
        var key = CheckpointKey.FromPem(Text("publicKey"), $"anchor {path}: 'publicKey'");
        var checkpoint = new Checkpoint(seq, head, at.Value, Text("keyId"), signature);
        if (!checkpoint.VerifiesWith(key))
            throw new SettleException($"anchor {path}: its signature does not verify with the public key it carries (key {key.Id}): the file was altered");
        return (checkpoint, key);
    }
}
