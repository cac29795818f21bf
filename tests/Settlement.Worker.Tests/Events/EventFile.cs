using Settlement.Worker.Events;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Events;

/// <summary>Event lines as `settle events import` takes them: written to a file of their own, imported, the file removed.</summary>
internal static class EventFile
{
    /// <summary>The worked example's provider, as its event line.</summary>
    public const string ExempelRusta = """{"type":"provider","registeredOn":"2024-01-02","orgNumber":"5569876542","name":"Exempel Rusta AB","peppolId":"0007:5569876542","agreement":"AVT-2023-0117"}""";

    public static ImportReport Import(TestDatabase db, string name, params string[] lines)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(file, lines);
        try { return EventImporter.Import(db.DataSource, file); }
        finally { File.Delete(file); }
    }
}
