namespace Settlement.RuleGen;

/// <summary>
/// Which artefacts of a release the service uses as data, and where their files go. The release is
/// named by its folder (<c>peppol-artefacts-2026.5</c> → 2026.5), so the generated files say where
/// they came from.
/// </summary>
internal static class Generator
{
    /// <summary>The artefacts whose data-model rules the service validates with (the documents it writes and reads of those types).</summary>
    public static readonly string[] Artefacts = ["PEPPOLBIS-T01.xslt", "PEPPOLBIS-T111.xslt"];

    public const string FolderPrefix = "peppol-artefacts-";

    /// <summary>The release a folder holds, from its name.</summary>
    public static string ReleaseOf(string artefactFolder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(artefactFolder)));
        return name.StartsWith(FolderPrefix, StringComparison.Ordinal) && name.Length > FolderPrefix.Length
            ? name[FolderPrefix.Length..]
            : throw new ArgumentException($"{artefactFolder}: the folder of a release is named {FolderPrefix}<release>");
    }

    /// <summary>The generated files of a release: file name → content.</summary>
    public static IReadOnlyDictionary<string, string> Generate(string artefactFolder)
    {
        var release = ReleaseOf(artefactFolder);
        return Artefacts.ToDictionary(a => Path.ChangeExtension(a, ".tsv"),
            a => RuleFile.Write(ArtefactReader.Read(Path.Combine(artefactFolder, a)), release));
    }
}
