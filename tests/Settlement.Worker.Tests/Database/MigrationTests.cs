using Dapper;
using Settlement.Worker.Database;

namespace Settlement.Worker.Tests.Database;

public sealed class MigrationTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void Every_table_of_the_system_of_record_and_of_Quartz_exists()
    {
        using var conn = db.Connect();
        var tables = conn.Query<string>("select table_name from information_schema.tables where table_schema = 'public'").ToHashSet();
        foreach (var t in new[] { "event_log", "event_chain_head", "tariffs", "providers", "placements", "orders", "order_lines",
                     "deliveries", "outbox", "po_serials", "qrtz_job_details", "qrtz_triggers", "qrtz_fired_triggers", "qrtz_locks", "qrtz_scheduler_state" })
            Assert.Contains(t, tables);
    }

    [Fact]
    public void Applying_again_runs_nothing_and_every_embedded_script_is_journaled()
    {
        Assert.Empty(Migrations.Apply(db.DataSource));
        using var conn = db.Connect();
        var journaled = conn.Query<string>("select scriptname from schemaversions").ToHashSet();
        Assert.All(Migrations.Scripts(), s => Assert.Contains(s, journaled));
        Assert.Contains(Migrations.Scripts(), s => s.EndsWith("0001_event_log.sql"));
    }
}
