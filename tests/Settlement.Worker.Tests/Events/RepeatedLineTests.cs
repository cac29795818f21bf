using Dapper;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Events;

/// <summary>A line repeated within one file is the event used twice (refused and kept); the same file again changes nothing.</summary>
public sealed class RepeatedLineTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase db;

    public RepeatedLineTests(TestDatabase db)
    {
        this.db = db;
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
    }

    private const string Provider = EventFile.ExempelRusta;
    private const string Placement = """{"type":"placement","registeredOn":"2024-03-08","placement":"GR-7","provider":"5569876542","level":"B","start":"2024-03-11"}""";
    private const string Report = """{"type":"periodicReport","registeredOn":"2024-04-02","placement":"GR-7","month":"2024-03"}""";
    private const string Parallel = """{"type":"parallel","registeredOn":"2024-04-10","placement":"GR-7","program":"PRAKTIK","from":"2024-04-15","to":"2024-05-05"}""";

    [Fact]
    public void A_repeat_of_an_accepted_line_is_refused_with_its_rules_code_and_kept_and_the_file_again_changes_nothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"repeats-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(file, [Provider, Placement, Placement, Report, Report, Parallel, Parallel, "not json", "not json"]);
        try
        {
            var first = EventImporter.Import(db.DataSource, file);
            Assert.Equal((4, 5, 0), (first.Accepted, first.Refused, first.AlreadyImported));
            Assert.Equal([(3, "SETTLE-EVENT-DUP"), (5, "SETTLE-REPORT-DUP"), (7, "SETTLE-EVENT-DUP"), (8, "SETTLE-EVENT-INVALID"), (9, "SETTLE-EVENT-INVALID")],
                first.Refusals.Select(x => (x.Line, x.Code)));
            Assert.Equal("the same event as line 6", first.Refusals.Single(x => x.Line == 7).Message);

            using var conn = db.Connect();
            var stored = conn.Query<(int Line, string Status)>("select source_line, status from event_log order by seq").ToList();
            Assert.Equal(Enumerable.Range(1, 9), stored.Select(s => s.Line));
            Assert.Equal([3, 5, 7, 8, 9], stored.Where(s => s.Status == "refused").Select(s => s.Line));

            // Every line, the refused repeats included, is found by its content hash: nothing is written.
            var again = EventImporter.Import(db.DataSource, file);
            Assert.Equal((0, 0, 9), (again.Accepted, again.Refused, again.AlreadyImported));
            Assert.Equal(9, conn.ExecuteScalar<int>("select count(*) from event_log"));
            Assert.Empty(EventLog.Verify(conn));
        }
        finally { File.Delete(file); }
    }
}
