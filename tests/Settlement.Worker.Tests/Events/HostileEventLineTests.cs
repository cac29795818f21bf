using System.Text;
using Dapper;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Events;

/// <summary>
/// Lines no rule should ever see are refused one by one (SETTLE-EVENT-INVALID) and kept in the log,
/// and the rest of the file is imported: a NUL character (escaped or raw), bytes that are not UTF-8,
/// and dates outside the years the service handles. The log's hash chain still verifies afterwards
/// (9999-12-31 used to be stored as "infinity" and break it for good).
/// </summary>
public sealed class HostileEventLineTests : IDisposable
{
    private readonly TestDatabase db = new();
    private readonly string file = Path.Combine(Path.GetTempPath(), $"hostile-{Guid.NewGuid():N}.jsonl");

    public void Dispose()
    {
        db.Dispose();
        File.Delete(file);
    }

    private static byte[] Utf8(string line) => Encoding.UTF8.GetBytes(line + "\n");

    [Fact]
    public void Each_hostile_line_is_refused_and_kept_and_the_rest_is_imported()
    {
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        const string placement = """{"type":"placement","registeredOn":"2024-02-01","placement":"GR-2024-000101","provider":"5569876542","level":"B","start":"2024-03-11"}""";
        var bytes = new List<byte>();
        bytes.AddRange(Utf8(EventFile.ExempelRusta));
        bytes.AddRange(Utf8("""{"type":"placement","registeredOn":"2024-02-01","placement":"GR-2024-000102\u0000","provider":"5569876542","level":"B","start":"2024-03-11"}"""));
        bytes.AddRange(Utf8("{\"type\":\"placement\",\"registeredOn\":\"2024-02-01\",\"placement\":\"GR-2024-000103\0\",\"provider\":\"5569876542\",\"level\":\"B\",\"start\":\"2024-03-11\"}"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"type\":\"placement\",\"registeredOn\":\"2024-02-01\",\"placement\":\"GR-2024-00010"));
        bytes.AddRange([0xC3, 0x28]); // not UTF-8
        bytes.AddRange(Utf8("\",\"provider\":\"5569876542\",\"level\":\"B\",\"start\":\"2024-03-11\"}"));
        bytes.AddRange(Utf8("""{"type":"placement","registeredOn":"9999-12-31","placement":"GR-2024-000105","provider":"5569876542","level":"B","start":"2024-03-11"}"""));
        bytes.AddRange(Utf8("""{"type":"placement","registeredOn":"2024-02-01","placement":"GR-2024-000106","provider":"5569876542","level":"B","start":"0001-01-01"}"""));
        bytes.AddRange(Utf8(placement));
        File.WriteAllBytes(file, [.. bytes]);

        var report = EventImporter.Import(db.DataSource, file);

        Assert.Equal((2, 5), (report.Accepted, report.Refused));
        Assert.All(report.Refusals, r => Assert.Equal("SETTLE-EVENT-INVALID", r.Code));
        Assert.Equal([2, 3, 4, 5, 6], report.Refusals.Select(r => r.Line));
        Assert.Contains("NUL character", report.Refusals[0].Message);
        Assert.Contains("not valid JSON", report.Refusals[1].Message); // a raw NUL in a string is not JSON; kept as its bytes in base64
        Assert.Contains("not valid UTF-8", report.Refusals[2].Message);
        Assert.Contains("'registeredOn' 9999-12-31 is outside the dates the service accepts", report.Refusals[3].Message);
        Assert.Contains("'start' 0001-01-01 is outside", report.Refusals[4].Message);

        using var conn = db.Connect();
        Assert.Equal(7, conn.ExecuteScalar<int>("select count(*) from event_log"));
        Assert.Equal(["GR-2024-000101"], conn.Query<string>("select id from placements"));
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from event_log where canonical like '%\uFFFD%' or registered_on is not null and registered_on > '2099-12-31'"));
        Assert.Empty(EventLog.Verify(conn));

        // The same file again writes nothing: every line, refused ones included, is recognised.
        var again = EventImporter.Import(db.DataSource, file);
        Assert.Equal((0, 0, 7), (again.Accepted, again.Refused, again.AlreadyImported));
    }
}
