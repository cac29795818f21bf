using Dapper;
using Settlement.Worker.Outbox;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Orders;

/// <summary>The background writer of committed outbox batches: every file once with its bytes, rows marked only when written.</summary>
public sealed class OutboxFileQueueTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    /// <summary>Committed outbox rows (pending) and their files, as a run hands them to the queue.</summary>
    private List<(string FileName, byte[] Bytes)> Rows(string prefix, int count)
    {
        var files = Enumerable.Range(1, count).Select(i => ($"{prefix}-{i}.xml", System.Text.Encoding.UTF8.GetBytes($"<doc n=\"{i}\">{prefix}</doc>\n"))).ToList();
        using var conn = db.Connect();
        conn.Execute("insert into outbox (file_name, document, sha256) select * from unnest(@names::text[], @docs::bytea[], @shas::text[])",
            new { names = files.Select(f => f.Item1).ToArray(), docs = files.Select(f => f.Item2).ToArray(), shas = files.Select(f => new string('0', 64)).ToArray() });
        return files;
    }

    private string Status(string fileName)
    {
        using var conn = db.Connect();
        return conn.ExecuteScalar<string>("select status from outbox where file_name = @fileName", new { fileName })!;
    }

    [Fact]
    public void Every_queued_batch_is_written_with_its_bytes_and_its_rows_marked_written()
    {
        var folder = Directory.CreateTempSubdirectory("outbox-queue-").FullName;
        try
        {
            var batches = Enumerable.Range(1, 12).Select(b => Rows($"Q{b}", 1 + b % 4)).ToList(); // more batches than the queue holds
            using (var queue = new OutboxFileQueue(db.DataSource, folder))
            {
                foreach (var batch in batches) queue.Add(batch);
                queue.Complete();
            }
            foreach (var (name, bytes) in batches.SelectMany(b => b))
            {
                Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(folder, name)));
                Assert.Equal("written", Status(name));
            }
            Assert.Equal(batches.Sum(b => b.Count), Directory.GetFiles(folder).Length); // no temporary file left
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void When_the_folder_cannot_be_written_the_rows_stay_pending_and_the_failure_is_reported()
    {
        var notAFolder = Path.GetTempFileName(); // a file where the outbox folder should be
        try
        {
            var batch = Rows("FAIL", 3);
            using var queue = new OutboxFileQueue(db.DataSource, notAFolder);
            queue.Add(batch);
            var error = Assert.Throws<IOException>(queue.Complete);
            Assert.Contains("outbox files", error.Message);
            Assert.All(batch, f => Assert.Equal("pending", Status(f.FileName)));
        }
        finally { File.Delete(notAFolder); }
    }
}
