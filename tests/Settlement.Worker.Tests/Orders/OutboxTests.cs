using System.Xml.Linq;
using Dapper;
using Settlement.Peppol.Validation;
using Settlement.Worker.Outbox;

namespace Settlement.Worker.Tests.Orders;

public sealed class OutboxTests(WorkedCycle cycle) : IClassFixture<WorkedCycle>
{
    [Fact]
    public void Every_order_is_one_SBDH_wrapped_file_with_the_bytes_recorded_in_the_database()
    {
        using var conn = cycle.Db.Connect();
        var rows = conn.Query<(string Number, string File, byte[] Document, string Status)>(
            "select order_number, file_name, document, status from outbox order by id").ToList();
        Assert.Equal(conn.ExecuteScalar<int>("select count(*) from orders"), rows.Count);
        Assert.Equal(rows.Select(r => r.File).Order(), Directory.GetFiles(cycle.Outbox).Select(Path.GetFileName).Order()!);
        foreach (var r in rows)
        {
            Assert.Equal("written", r.Status);
            var bytes = File.ReadAllBytes(Path.Combine(cycle.Outbox, r.File));
            Assert.Equal(r.Document, bytes);
            var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
            Assert.Equal("StandardBusinessDocument", root.Name.LocalName);
            var order = root.Elements().Single(e => e.Name.LocalName == "Order");
            Assert.Equal(r.Number, order.Elements().Single(e => e.Name.LocalName == "ID").Value);
        }
    }

    [Fact]
    public void The_documents_pass_the_UBL_schema_and_the_PEPPOL_order_rules()
    {
        foreach (var file in Directory.GetFiles(cycle.Outbox))
        {
            var report = DocumentValidator.ValidateFile(file);
            Assert.True(report.Valid, $"{Path.GetFileName(file)}: {string.Join("; ", report.Findings.Where(f => f.IsFatal).Select(f => f.ToString()))}");
            Assert.Equal(DocumentType.Order, report.DocumentType);
        }
    }

    [Fact]
    public void A_pending_row_is_written_again_with_the_same_name_and_bytes_and_no_temporary_file_is_left()
    {
        using var conn = cycle.Db.Connect();
        var (id, name, document) = conn.QueryFirst<(long, string, byte[])>("select id, file_name, document from outbox order by id");
        // As after a crash between commit and rename: the row is pending and the file is missing.
        conn.Execute("update outbox set status = 'pending' where id = @id", new { id });
        File.Delete(Path.Combine(cycle.Outbox, name));
        Assert.Equal(1, OutboxWriter.FlushPending(cycle.Db.DataSource, cycle.Outbox));
        Assert.Equal(document, File.ReadAllBytes(Path.Combine(cycle.Outbox, name)));
        Assert.Equal("written", conn.ExecuteScalar<string>("select status from outbox where id = @id", new { id }));
        Assert.DoesNotContain(Directory.GetFiles(cycle.Outbox), f => f.EndsWith(".tmp"));
    }

    [Fact]
    public void A_second_copy_written_after_a_kill_is_the_same_document_with_the_same_SBDH_instance_id()
    {
        using var conn = cycle.Db.Connect();
        var (id, name, number) = conn.QueryFirst<(long, string, string)>("select id, file_name, order_number from outbox where order_number is not null order by id desc");
        var path = Path.Combine(cycle.Outbox, name);
        var first = File.ReadAllBytes(path);
        // As after a kill between writing the file and marking its row: the file is there, the row pending.
        conn.Execute("update outbox set status = 'pending' where id = @id", new { id });
        Assert.Equal(1, OutboxWriter.FlushPending(cycle.Db.DataSource, cycle.Outbox));

        var second = File.ReadAllBytes(path);
        Assert.Equal(first, second);
        var instance = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(second)).Descendants()
            .First(e => e.Name.LocalName == "InstanceIdentifier").Value;
        Assert.Equal(StableIds.Uuid(number), instance);
    }

    [Fact]
    public void A_file_another_writer_is_writing_or_has_written_is_not_written_again()
    {
        using var conn = cycle.Db.Connect();
        var rows = conn.Query<(long Id, string Name, byte[] Document)>("select id, file_name, document from outbox order by id desc limit 2").ToList();
        var paths = rows.Select(r => Path.Combine(cycle.Outbox, r.Name)).ToArray();
        // Both rows pending and their files gone, as after a crash.
        conn.Execute("update outbox set status = 'pending' where id = any(@ids)", new { ids = rows.Select(r => r.Id).ToArray() });
        foreach (var p in paths) File.Delete(p);
        try
        {
            using (var other = cycle.Db.Connect())
            using (var claim = other.BeginTransaction())
            {
                // Another process has claimed the first row and is writing its file.
                other.Execute("update outbox set status = 'written' where id = @id", new { id = rows[0].Id }, claim);
                Assert.Equal(1, OutboxWriter.FlushPending(cycle.Db.DataSource, cycle.Outbox)); // only the unclaimed one
                Assert.False(File.Exists(paths[0]));
                Assert.Equal(rows[1].Document, File.ReadAllBytes(paths[1]));
                claim.Rollback(); // its write failed: the row is pending again
            }

            // A late writer of a file already written writes nothing (an access point may have taken it away).
            File.Delete(paths[1]);
            OutboxWriter.WriteAndMark(cycle.Db.DataSource, cycle.Outbox, [(rows[1].Name, rows[1].Document)]);
            Assert.False(File.Exists(paths[1]));

            // The row whose claim rolled back is written by the next flush.
            Assert.Equal(1, OutboxWriter.FlushPending(cycle.Db.DataSource, cycle.Outbox));
            Assert.Equal(rows[0].Document, File.ReadAllBytes(paths[0]));
        }
        finally
        {
            // As the other tests of the cycle expect the folder and the rows, whatever failed above.
            conn.Execute("update outbox set status = 'written' where id = any(@ids)", new { ids = rows.Select(r => r.Id).ToArray() });
            for (var i = 0; i < rows.Count; i++) File.WriteAllBytes(paths[i], rows[i].Document);
        }
    }
}

public sealed class OutboxTemporaryFileTests
{
    [Fact]
    public void Only_temporary_files_old_enough_to_be_orphans_are_removed()
    {
        var dir = Directory.CreateTempSubdirectory("settle-outbox-tmp-").FullName;
        var orphan = Path.Combine(dir, ".IN240311-1.xml.123.abc.tmp");
        var inFlight = Path.Combine(dir, ".IN240311-2.xml.456.def.tmp");
        var final = Path.Combine(dir, "IN240311-3.xml");
        foreach (var f in new[] { orphan, inFlight, final }) File.WriteAllText(f, "x");
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow - OutboxWriter.StaleTemporary - TimeSpan.FromMinutes(1));
        File.SetLastWriteTimeUtc(final, DateTime.UtcNow.AddDays(-30));
        Assert.Equal(1, OutboxWriter.RemoveStaleTemporaries(dir));
        Assert.Equal([final, inFlight], Directory.GetFiles(dir).Order(StringComparer.Ordinal).Reverse());
        Directory.Delete(dir, true);
    }
}
