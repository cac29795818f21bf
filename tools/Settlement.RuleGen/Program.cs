using Settlement.RuleGen;

// dotnet run --project tools/Settlement.RuleGen -- [ARTEFACT_FOLDER] [OUTPUT_FOLDER]
// ARTEFACT_FOLDER: ../shared/conformance/peppol-artefacts-<release> (default: the newest one there).
// OUTPUT_FOLDER: src/Settlement.Peppol/Validation/Release (default). Old files of the artefacts are replaced.
var repo = FindRepository(Directory.GetCurrentDirectory()) ?? FindRepository(AppContext.BaseDirectory)
    ?? throw new InvalidOperationException("run from inside the repository (Settlement.sln not found above here)");
var source = args.Length > 0 ? args[0] : Newest(Path.Combine(repo, "..", "shared", "conformance"));
var output = args.Length > 1 ? args[1] : Path.Combine(repo, "src", "Settlement.Peppol", "Validation", "Release");
try
{
    Directory.CreateDirectory(output);
    foreach (var (name, text) in Generator.Generate(source))
    {
        var path = Path.Combine(output, name);
        File.WriteAllText(path, text);
        Console.WriteLine($"{Path.GetRelativePath(repo, path)}: {text.Count(c => c == '\n')} lines from release {Generator.ReleaseOf(source)}");
    }
    return 0;
}
catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IOException)
{
    Console.Error.WriteLine($"rulegen: {ex.Message}");
    return 2;
}

static string? FindRepository(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Settlement.sln"))) return dir.FullName;
    return null;
}

static string Newest(string conformance) =>
    Directory.GetDirectories(conformance, Generator.FolderPrefix + "*").OrderBy(d => Version.TryParse(Generator.ReleaseOf(d), out var v) ? v : new Version())
        .LastOrDefault() ?? throw new ArgumentException($"{conformance}: no {Generator.FolderPrefix}<release> folder");
