using Settlement.Peppol.Validation;
using Settlement.Worker.Demo;
using Settlement.Worker.Matching;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Demo;

/// <summary>
/// The demo's cycle on a smaller generated sample (the same code as `settle demo`): it produces
/// every kind of outcome, every document it writes is valid, and running it twice from a clean
/// database gives the same documents byte for byte and the same figures.
/// </summary>
public sealed class DemoRunTests : IDisposable
{
    private readonly string samples = Path.Combine(Path.GetTempPath(), $"demo-samples-{Guid.NewGuid():N}");
    private readonly List<string> cleanup = [];

    public DemoRunTests()
    {
        Directory.CreateDirectory(samples);
        File.Copy(Repo.Path("samples", "tariff.json"), Path.Combine(samples, "tariff.json"));
        File.WriteAllText(Path.Combine(samples, "demo-events.jsonl"), DemoEvents.Generate(placements: 90));
        cleanup.Add(samples);
    }

    public void Dispose()
    {
        foreach (var dir in cleanup) if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private (DemoReport Report, string Out) RunOnce()
    {
        var db = new TestDatabase();
        try
        {
            var output = Path.Combine(Path.GetTempPath(), $"demo-out-{Guid.NewGuid():N}");
            cleanup.Add(output);
            return (new DemoRunner(db.DataSource, samples, output).Run(), output);
        }
        finally { db.Dispose(); }
    }

    [Fact]
    public void Twice_from_a_clean_start_gives_the_same_documents_and_figures()
    {
        var (first, out1) = RunOnce();
        var (second, out2) = RunOnce();

        Assert.True(first.Outcomes.GetValueOrDefault(Outcome.Approved) > 0);
        Assert.True(first.Outcomes.GetValueOrDefault(Outcome.Disputed) > 0);
        Assert.Equal(first.Outcomes.GetValueOrDefault(Outcome.Disputed), first.Outcomes.GetValueOrDefault(Outcome.Credited));
        Assert.True(first.Payments > 0);

        static Dictionary<string, byte[]> Files(string root) =>
            Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
        var a = Files(out1);
        var b = Files(out2);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between the two runs");
        Assert.Equal(first.Reconciliation, second.Reconciliation);

        // Every document the service sent passes the schema and the rules for its type.
        foreach (var file in Directory.GetFiles(Path.Combine(out1, "outbox")).Take(400))
        {
            var report = DocumentValidator.ValidateFile(file);
            Assert.True(report.Valid, $"{Path.GetFileName(file)}: {string.Join("; ", report.Findings.Where(f => f.IsFatal))}");
        }
    }
}
