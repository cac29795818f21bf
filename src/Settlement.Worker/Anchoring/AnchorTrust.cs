namespace Settlement.Worker.Anchoring;

/// <summary>
/// What replay verifies checkpoints with: the key here (the signing key's file or its public half),
/// and the anchors an auditor kept (each with the public key it carries). An auditor on another
/// machine gives only anchors; their key then verifies the stored checkpoints too.
/// </summary>
internal sealed record AnchorTrust(CheckpointKey? Key, IReadOnlyList<(string File, Checkpoint Checkpoint)> Anchors)
{
    public static readonly AnchorTrust None = new(null, []);

    /// <summary>The key file configured here if it exists (no key is made by reading), and the anchors given.</summary>
    public static AnchorTrust From(string keyFile, IEnumerable<string> anchorFiles)
    {
        var anchors = anchorFiles.Select(f => (File: f, Read: AnchorFile.Read(f))).ToList();
        var key = File.Exists(keyFile) ? CheckpointKey.Load(keyFile) : anchors.Select(a => a.Read.Key).FirstOrDefault();
        return new AnchorTrust(key, anchors.Select(a => (a.File, a.Read.Checkpoint)).ToList());
    }
}
