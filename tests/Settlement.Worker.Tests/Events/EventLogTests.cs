using Dapper;
using Npgsql;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Events;

public sealed class EventLogTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase db;

    public EventLogTests(TestDatabase db)
    {
        this.db = db;
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, Repo.Path("samples", "events-worked.jsonl"));
    }

    [Theory]
    [InlineData("update event_log set code = null, status = 'accepted' where code = 'SETTLE-INT-RETRO'")]
    [InlineData("delete from event_log where seq = 1")]
    [InlineData("truncate event_log cascade")]
    [InlineData("update placements set level = 'A'")]
    public void The_database_itself_refuses_to_change_the_log(string sql)
    {
        using var conn = db.Connect();
        var ex = Assert.Throws<PostgresException>(() => conn.Execute(sql));
        Assert.Contains("append-only", ex.MessageText);
        Assert.Equal(1, conn.ExecuteScalar<int>("select count(*) from event_log where code = 'SETTLE-INT-RETRO'"));
    }

    [Fact]
    public void Each_row_links_to_the_one_before_and_the_chain_verifies()
    {
        using var conn = db.Connect();
        var rows = conn.Query<(long Seq, byte[] Prev, byte[] Hash, byte[] Content, string Canonical, string? Code)>(
            "select seq, prev_hash, hash, content_hash, canonical, code from event_log order by seq").ToList();
        Assert.Equal(26, rows.Count);
        Assert.Equal(new byte[32], rows[0].Prev);
        for (int i = 1; i < rows.Count; i++) Assert.Equal(rows[i - 1].Hash, rows[i].Prev);
        Assert.All(rows, r => Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(r.Canonical)), r.Content));
        Assert.All(rows, r => Assert.Equal(EventLog.ChainHash(r.Prev, r.Content, r.Code), r.Hash));
        Assert.Empty(EventLog.Verify(conn));
    }

    [Fact]
    public void Canonical_form_sorts_keys_and_drops_white_space()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{ "b": 1, "a": {"y": "Umeå", "x": [1, 2.50]} }""");
        Assert.Equal("""{"a":{"x":[1,2.50],"y":"Umeå"},"b":1}""", CanonicalJson.Write(doc.RootElement));
    }
}

/// <summary>Tampering (by a superuser who switches the trigger off) is found by the chain check.</summary>
public sealed class EventLogTamperTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void A_changed_verdict_breaks_the_chain()
    {
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, Repo.Path("samples", "events-worked.jsonl"));
        using var conn = db.Connect();
        Assert.Empty(EventLog.Verify(conn));
        conn.Execute("alter table event_log disable trigger event_log_append_only");
        conn.Execute("update event_log set status = 'accepted', code = null, message = null where code = 'SETTLE-INT-RETRO'");
        conn.Execute("alter table event_log enable trigger event_log_append_only");
        var problem = Assert.Single(EventLog.Verify(conn));
        Assert.Equal(8, problem.Seq);
        Assert.Contains("row hash", problem.What);
    }
}
