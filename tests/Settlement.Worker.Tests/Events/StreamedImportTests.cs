using System.Text;
using Dapper;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Events;

/// <summary>
/// The import streams its file in chunks, flushing rows between them; what a line becomes must not
/// depend on where the chunks fall: a line already in the log before the import is skipped, a
/// repeat of an earlier line of the same file (in an earlier chunk, so already written) is checked
/// like any line, and line numbers, BOM, CRLF, NUL and invalid UTF-8 are handled as in one piece.
/// </summary>
public sealed class StreamedImportTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"streamed-{Guid.NewGuid():N}.jsonl");
    private readonly List<TestDatabase> databases = [];

    public void Dispose()
    {
        foreach (var db in databases) db.Dispose();
        File.Delete(file);
    }

    private const string Placement8 = """{"type":"placement","registeredOn":"2024-03-08","placement":"GR-8","provider":"5569876542","level":"A","start":"2024-03-11"}""";
    private const string Parallel = """{"type":"parallel","registeredOn":"2024-04-10","placement":"GR-7","program":"PRAKTIK","from":"2024-04-15","to":"2024-05-05"}""";
    private const string Report = """{"type":"periodicReport","registeredOn":"2024-04-02","placement":"GR-7","month":"2024-03"}""";

    /// <summary>The file: a BOM, CRLF line ends, no line end after the last line.</summary>
    private void WriteFile()
    {
        string[] lines =
        [
            EventFile.ExempelRusta,                                                                                                    // 1 already (after the BOM)
            """{"type":"placement","registeredOn":"2024-03-08","placement":"GR-7","provider":"5569876542","level":"B","start":"2024-03-11"}""", // 2
            "",                                                                                                                        // 3 blank
            Parallel,                                                                                                                  // 4
            Report,                                                                                                                    // 5
            Placement8,                                                                                                                // 6 already
            "\u0001",                                                                                                                  // 7 not UTF-8 (written below)
            Parallel,                                                                                                                  // 8 repeat of 4, accepted by the rules
            "not json",                                                                                                                // 9
            """{"type":"placement","registeredOn":"2024-03-08","placement":"GR-9\u0000","provider":"5569876542","level":"B","start":"2024-03-11"}""", // 10 NUL
            "not json",                                                                                                                // 11 repeat of a refused line
            Report,                                                                                                                    // 12 repeat, refused by the rules
            """{"type":"interruption","registeredOn":"2024-05-10","placement":"GR-8","date":"2024-05-20","reason":"ARBETE"}""",      // 13
        ];
        var bytes = new List<byte>([0xEF, 0xBB, 0xBF]);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] == "\u0001") bytes.AddRange([.. "{\"type\":\"placement\",\"placement\":\"GR-"u8, 0xC3, 0x28, .. "\"}"u8]);
            else bytes.AddRange(Encoding.UTF8.GetBytes(lines[i]));
            if (i < lines.Length - 1) bytes.AddRange("\r\n"u8);
        }
        File.WriteAllBytes(file, [.. bytes]);
    }

    /// <summary>A fresh database holding the tariff and, from an earlier import, the provider and placement GR-8.</summary>
    private TestDatabase Prepared()
    {
        var db = new TestDatabase();
        databases.Add(db);
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        Assert.Equal(2, EventFile.Import(db, "earlier", EventFile.ExempelRusta, Placement8).Accepted);
        return db;
    }

    private static List<(long Seq, int Line, string Status, string? Code, string? Message, byte[] Hash)> Rows(TestDatabase db)
    {
        using var conn = db.Connect();
        return conn.Query<(long, int, string, string?, string?, byte[])>("select seq, source_line, status, code, message, hash from event_log order by seq").ToList();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Chunks_change_nothing_a_line_becomes(int chunkLines)
    {
        WriteFile();
        var db = Prepared();

        var r = EventImporter.Import(db.DataSource, file, null, chunkLines);

        Assert.Equal((4, 6, 2), (r.Accepted, r.Refused, r.AlreadyImported));
        Assert.Equal([(7, "SETTLE-EVENT-INVALID"), (8, "SETTLE-EVENT-DUP"), (9, "SETTLE-EVENT-INVALID"), (10, "SETTLE-EVENT-INVALID"),
            (11, "SETTLE-EVENT-INVALID"), (12, "SETTLE-REPORT-DUP")], r.Refusals.Select(x => (x.Line, x.Code)));
        Assert.Contains("not valid UTF-8", r.Refusals[0].Message);
        Assert.Equal("the same event as line 4", r.Refusals[1].Message);
        Assert.Contains("not valid JSON", r.Refusals[2].Message);
        Assert.Contains("NUL character", r.Refusals[3].Message);
        Assert.Equal(r.Refusals[2].Message, r.Refusals[4].Message);

        // Row for row (hashes included) what the file in one piece writes.
        var rows = Rows(db);
        Assert.Equal([1, 2, 2, 4, 5, 7, 8, 9, 10, 11, 12, 13], rows.Select(x => x.Line));
        var whole = Prepared();
        var wholeReport = EventImporter.Import(whole.DataSource, file, null, 1_000);
        Assert.Equal(wholeReport.Refusals, r.Refusals);
        Assert.Equal(Rows(whole).Select(x => (x.Seq, x.Line, x.Status, x.Code, x.Message, Convert.ToHexString(x.Hash))),
            rows.Select(x => (x.Seq, x.Line, x.Status, x.Code, x.Message, Convert.ToHexString(x.Hash))));

        // The file again: every non-blank line, repeats and refusals included, is already imported.
        var again = EventImporter.Import(db.DataSource, file, null, chunkLines);
        Assert.Equal((0, 0, 12), (again.Accepted, again.Refused, again.AlreadyImported));
        using var conn = db.Connect();
        Assert.Equal(12, conn.ExecuteScalar<int>("select count(*) from event_log"));
        Assert.Equal(["GR-7", "GR-8"], conn.Query<string>("select id from placements order by id"));
        Assert.Empty(EventLog.Verify(conn));
    }
}
