using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Intake;

/// <summary>
/// No input stops the intake: figures no column can hold, files over the size limit, files that
/// vanish, and the same file taken in twice are each handled as a finding about that one document,
/// and the documents around them are decided as usual.
/// </summary>
public sealed class PoisonInputIntakeTests : IClassFixture<TestDatabase>, IDisposable
{
    private readonly TestDatabase db;
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}");
    private readonly string folder = Directory.CreateTempSubdirectory("poison-").FullName;
    private readonly string order;

    public PoisonInputIntakeTests(TestDatabase db)
    {
        this.db = db;
        order = WorkedExample.IssueAndDeliver(db, outbox);
    }

    public void Dispose()
    {
        foreach (var dir in new[] { outbox, folder }) if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private IntakeService Intake() =>
        new(db.DataSource, WorkedExample.Buyer, new Responder(WorkedExample.Buyer, NodaTime.Testing.FakeClock.FromUtc(2024, 6, 10), () => new LocalDate(2024, 6, 10)), outbox);

    private byte[] Invoice(string number, decimal quantity, decimal price = 61.93m, string? orderNumber = null) =>
        UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.Invoice(orderNumber ?? order, number, "3", quantity, new LocalDate(2024, 6, 10)) with { Price = price }));

    [Fact]
    public void Figures_no_column_can_hold_are_rejected_and_the_rest_is_decided()
    {
        var documents = new[]
        {
            InboundDocument.Of(Channel.Http, "huge-amount", Invoice("F-HUGE-1", 20_000_000_000m)),                      // 1.2 × 10^12 kr
            InboundDocument.Of(Channel.Http, "huge-quantity", Invoice("F-HUGE-2", 10_000_000_000m, 0.01m)),            // 10^10 days
            InboundDocument.Of(Channel.Http, "huge-unknown-order", Invoice("F-HUGE-3", 20_000_000_000m, orderNumber: "IN990101-1")),
            InboundDocument.Of(Channel.Http, "ordinary", Invoice("F-ORDINARY", 16.50m)),
        };
        var results = Intake().TakeMany(documents);

        Assert.Equal([Outcome.Rejected, Outcome.Rejected, Outcome.Rejected], results.Take(3).Select(r => r.Outcome));
        Assert.All(results.Take(3), r => Assert.StartsWith("[SETTLE-RANGE]", r.Reasons[0].Text));
        Assert.Contains("Kvantiteten", results[1].Reasons[0].Text);
        Assert.NotEqual(Outcome.Rejected, results[3].Outcome);
        using var conn = db.Connect();
        // Each is recorded as rejected; an amount no column can hold is not stored (the 10^10 days cost 10^8 kr, which is).
        Assert.Equal([("huge-amount", null), ("huge-quantity", 100_000_000.00m), ("huge-unknown-order", null)],
            conn.Query<(string, decimal?)>("""
                select d.source, o.amount from inbound_outcomes o join inbound_documents d on d.id = o.document_id
                where d.source like 'huge-%' and o.outcome = 'rejected' order by d.source
                """));
        Assert.Equal(3, conn.ExecuteScalar<int>("select count(*) from responses r join inbound_documents d on d.id = r.document_id where d.source like 'huge-%' and r.code = 'RE'"));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_by_size_without_being_read_and_a_vanished_file_is_skipped()
    {
        var large = Path.Combine(folder, "a-large.xml");
        using (var f = File.Create(large)) f.SetLength(InboundOptions.DefaultMaxBytes + 5_000_000);
        var gone = Path.Combine(folder, "b-gone.xml");
        var ordinary = Path.Combine(folder, "c-ordinary.xml");
        File.WriteAllBytes(ordinary, Invoice("F-AFTER-LARGE", 16.50m));
        var skipped = new List<string>();

        var results = Intake().TakeMany(InboundFiles.Read([(large, large), (gone, gone), (ordinary, ordinary)], Channel.File, (path, _) => skipped.Add(path)));

        Assert.Equal([gone], skipped);
        Assert.Equal(2, results.Count);
        Assert.Equal(Outcome.Rejected, results[0].Outcome);
        Assert.Contains("SETTLE-XML-SIZE", results[0].Reasons[0].Text);
        Assert.NotEqual(Outcome.Rejected, results[1].Outcome);
        using var conn = db.Connect();
        var archived = conn.QuerySingle<(long Size, int Kept, string Sha)>("select size_bytes, length(content), sha256 from inbound_documents where source = @large", new { large });
        Assert.Equal((InboundOptions.DefaultMaxBytes + 5_000_000, InboundFiles.KeptHead), (archived.Size, archived.Kept));
        using var stream = File.OpenRead(large);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)), archived.Sha);
    }

    [Fact]
    public void The_same_file_taken_in_again_is_the_same_delivery_and_is_not_answered_twice()
    {
        var path = Path.Combine(folder, "f-once.xml");
        File.WriteAllBytes(path, Invoice("F-ONCE", 16.50m));
        var first = Assert.Single(Intake().TakeMany(InboundFiles.Read([(path, path)], Channel.File, (_, _) => { })));
        using var conn = db.Connect();
        int Count(string sql) => conn.ExecuteScalar<int>(sql);
        var (documents, answers) = (Count("select count(*) from inbound_documents"), Count("select count(*) from outbox"));

        var again = Assert.Single(Intake().TakeMany(InboundFiles.Read([(path, path)], Channel.File, (_, _) => { })));

        Assert.True(again.AlreadyTaken);
        Assert.Equal((first.ArchiveId, first.Outcome, "F-ONCE"), (again.ArchiveId, again.Outcome, again.DocumentId));
        Assert.Equal((documents, answers), (Count("select count(*) from inbound_documents"), Count("select count(*) from outbox")));

        // The same bytes under another name are a resend: archived, a duplicate, and answered again.
        var resend = Intake().Take(Channel.File, path + ".igen", File.ReadAllBytes(path));
        Assert.Equal(Outcome.Duplicate, resend.Outcome);
        Assert.Equal(answers + 1, Count("select count(*) from outbox"));
    }

    [Fact]
    public void A_document_that_cannot_be_decided_is_set_aside_once_and_not_retried()
    {
        var archived = InboundArchive.Store(db.DataSource, Channel.Http, "set-aside", Invoice("F-ASIDE", 16.50m));
        var report = new ReadDocument(Settlement.Peppol.Validation.DocumentValidator.Validate(archived.Content), null);
        var result = Quarantine.SetAside(db.DataSource, archived, report, new PostgresException("numeric field overflow", "ERROR", "ERROR", "22003"));

        Assert.Equal(Outcome.Rejected, result.Outcome);
        Assert.StartsWith("[SETTLE-INTAKE-QUARANTINE]", result.Reasons[0].Text);
        Assert.DoesNotContain(Intake().Recover(), r => r.ArchiveId == archived.Id);
        // Replay does not redo a set-aside verdict: the document itself is fine; its decision failed outside it.
        Assert.DoesNotContain(Settlement.Worker.Replay.Replayer.Run(db.DataSource).Differences, d => d.What == $"inbound document {archived.Id} verdict");
        Assert.True(Quarantine.IsDocumentFault(new PostgresException("value too long", "ERROR", "ERROR", "22001")));
        Assert.False(Quarantine.IsDocumentFault(new NpgsqlException("the connection was closed")));
    }

    [Fact]
    public void Chunks_are_bounded_by_count_and_by_bytes()
    {
        var c = IntakeService.ChunkBytes;
        var sizes = new[] { c / 2 - 1, c / 2 - 1, c / 2, 2 * c, 1 }; // two fit together; one over the bound is a chunk of its own
        var chunks = IntakeService.Chunks(sizes, s => s).Select(c => c.Length).ToList();
        Assert.Equal([2, 1, 1, 1], chunks);
        Assert.Equal([IntakeService.ChunkSize, 1], IntakeService.Chunks(Enumerable.Repeat(1L, IntakeService.ChunkSize + 1), s => s).Select(c => c.Length));
    }
}
