namespace Settlement.RuleGen;

/// <summary>
/// Which artefacts of a release the service uses as data, and where their files go. The release is
/// named by its folder (<c>peppol-artefacts-2026.5</c> → 2026.5), so the generated files say where
/// they came from.
/// </summary>
internal static class Generator
{
    /// <summary>The artefacts of a release the service takes data from, and how each is read.</summary>
    public static readonly (string Artefact, Func<string, Artefact> Read)[] Artefacts =
    [
        ("CEN-EN16931-UBL.xslt", PatternReader.Read),      // UBL-SR/DT/CR and BR-CL rules, BR-CO-09's prefixes
        ("PEPPOL-EN16931-UBL.xslt", BillingReader.Read),   // Billing's code lists and profiles
        ("PEPPOLBIS-T01.xslt", ArtefactReader.Read),       // Order's data-model rules and code lists
        ("PEPPOLBIS-T111.xslt", ArtefactReader.Read),      // Invoice Response's data-model rules and code lists
    ];

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
        return Artefacts.ToDictionary(a => Path.ChangeExtension(a.Artefact, ".tsv"),
            a => RuleFile.Write(a.Read(Path.Combine(artefactFolder, a.Artefact)), release));
    }
}
