using Dapper;
using Settlement.Worker.Outbox;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Orders;

/// <summary>
/// Migration 0121: the rows waiting for their file are queued in outbox_pending (joined by trigger
/// on insert and when put back to pending by hand), and marking a row written is a heap-only
/// update that also takes it off the queue.
/// </summary>
public sealed class OutboxQueueTests(TestDatabase db) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"settle-queue-{Guid.NewGuid():N}");

    public void Dispose() { if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true); }

    [Fact]
    public void Rows_join_the_queue_pending_and_leave_it_written_by_heap_only_updates()
    {
        WorkedExample.IssueAndDeliver(db, outbox);
        using var conn = db.Connect();
        var rows = conn.ExecuteScalar<int>("select count(*) from outbox");
        Assert.True(rows > 0);
        Assert.Equal(rows, conn.ExecuteScalar<int>("select count(*) from outbox where status = 'written' and written_at is not null"));
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from outbox_pending"));

        // Put back by hand (a repair): it joins the queue and the next flush writes it again.
        var (id, name) = conn.QueryFirst<(long, string)>("select id, file_name from outbox order by id");
        conn.Execute("update outbox set status = 'pending' where id = @id", new { id });
        Assert.Equal(id, conn.ExecuteScalar<long>("select id from outbox_pending"));
        File.Delete(Path.Combine(outbox, name));
        Assert.Equal(1, OutboxWriter.FlushPending(db.DataSource, outbox));
        Assert.True(File.Exists(Path.Combine(outbox, name)));
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from outbox_pending"));

        // A queue entry whose row was marked written by hand is dropped, not written twice.
        conn.Execute("insert into outbox_pending values (@id)", new { id });
        Assert.Equal(0, OutboxWriter.FlushPending(db.DataSource, outbox));
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from outbox_pending"));

        // Every mark was in place: no index covers status, and the pages keep room (statistics arrive within a second or two).
        var until = DateTime.UtcNow.AddSeconds(15);
        (long Updated, long Hot) stats;
        do
        {
            conn.Execute("select pg_stat_clear_snapshot()");
            stats = conn.QuerySingle<(long, long)>("select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname = 'outbox'");
            if (stats.Updated >= rows + 2) break;
            Thread.Sleep(200);
        } while (DateTime.UtcNow < until);
        Assert.True(stats.Updated >= rows + 2, $"updates seen: {stats.Updated}");
        Assert.Equal(stats.Updated, stats.Hot);
    }
}
