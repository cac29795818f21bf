using Dapper;
using Npgsql;
using Serilog;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Database;
using Settlement.Worker.Outbox;

namespace Settlement.Worker.Intake;

/// <summary>
/// Takes in providers' invoices and credit notes, whichever channel they came by (`settle inbox
/// import`, the inbox folder, `POST /api/inbox`, the portal): archive first, then recognise a
/// byte-identical resend, read and validate, match, register, and answer with an Invoice Response
/// in the outbox. Documents are decided in chunks: the CPU work (reading, validating) runs on every
/// core before the transaction; each chunk is then decided in order, in one transaction holding
/// the intake lock, with its lookups and writes set-based, so two workers never register two
/// invoices for one line and a chunk costs a handful of round trips, not one per document.
/// </summary>
public sealed class IntakeService(NpgsqlDataSource ds, BuyerConfiguration buyer, Responder responder, string outboxDirectory, InboundOptions? options = null)
{
    public const int ChunkSize = 500;

    /// <summary>The advisory lock under which documents are decided (one intake at a time), and payments made.</summary>
    public const long DecisionLock = 7301;

    /// <summary>Archives and processes one document, then writes its answer to the outbox folder.</summary>
    public IntakeResult Take(Channel channel, string source, byte[] content) => TakeMany([(channel, source, content)])[0];

    /// <summary>
    /// Takes in documents a chunk at a time, in the order given: each chunk is archived (committed)
    /// before any of it is read, then read, decided and answered; <paramref name="each"/> sees every
    /// result as it is decided. The next chunk is archived and read while this one is decided, so
    /// the archive's inserts, the processor's validation and the decisions overlap. If something
    /// fails, the chunks before are decided and answered, and a chunk archived but not decided is
    /// picked up by <see cref="Recover"/>; nothing that was archived is lost.
    /// </summary>
    public IReadOnlyList<IntakeResult> TakeMany(IEnumerable<(Channel Channel, string Source, byte[] Content)> documents, Action<IntakeResult>? each = null)
    {
        var results = Decide(documents.Chunk(ChunkSize).Select(chunk =>
            (Func<(ArchivedDocument[], ReadDocument[])>)(() =>
            {
                var archived = Prof.Time("i.archive", () => InboundArchive.StoreMany(ds, chunk)).ToArray();
                return (archived, Read(archived));
            })), each);
        Prof.Time("i.flush", () => OutboxWriter.FlushPending(ds, outboxDirectory));
        Prof.Dump("intake");
        return results;
    }

    /// <summary>Processes documents archived earlier but never decided (after a crash); returns them.</summary>
    public IReadOnlyList<IntakeResult> Recover()
    {
        var results = Decide(InboundArchive.Unprocessed(ds).Chunk(ChunkSize)
            .Select(chunk => (Func<(ArchivedDocument[], ReadDocument[])>)(() => (chunk, Read(chunk)))), null);
        if (results.Count > 0) OutboxWriter.FlushPending(ds, outboxDirectory);
        return results;
    }

    /// <summary>Reads and validates a chunk on every core (pure but for the processor).</summary>
    private ReadDocument[] Read(ArchivedDocument[] chunk) =>
        chunk.AsParallel().AsOrdered().Select(d => ReadDocument.Of(DocumentValidator.Validate(d.Content, options))).ToArray();

    /// <summary>
    /// Decides the chunks in order, one transaction each. <paramref name="chunks"/> yields, per
    /// chunk, the work that brings it to the decision (archiving and reading); chunk k+1's runs in
    /// the background while chunk k is decided, and is always waited for, even on failure.
    /// </summary>
    private List<IntakeResult> Decide(IEnumerable<Func<(ArchivedDocument[] Archived, ReadDocument[] Read)>> chunks, Action<IntakeResult>? each)
    {
        var results = new List<IntakeResult>();
        using var pending = chunks.GetEnumerator();
        Task<(ArchivedDocument[] Archived, ReadDocument[] Read)>? Next() => pending.MoveNext() ? Task.Run(pending.Current) : null;
        var next = Next();
        using var writing = new OutboxFileQueue(ds, outboxDirectory);
        try
        {
            while (next is not null)
            {
                var (chunk, reports) = Prof.Time("i.validate", () => next.GetAwaiter().GetResult());
                next = Next();
                using var conn = ds.Connect();
                using var tx = conn.BeginTransaction();
                conn.Execute("select pg_advisory_xact_lock(@key)", new { key = DecisionLock }, tx); // one intake decides at a time
                var batch = Prof.Time("i.ctor", () => new IntakeBatch(conn, tx, responder, buyer.Party.ParticipantId.ToString(), chunk, reports));
                var decided = Prof.Time("i.decide", () => batch.DecideAll());
                var answers = Prof.Time("i.write", () => batch.Write());
                Prof.Time("i.commit", () => tx.Commit());
                // After the commit: the chunk's answers go to the outbox folder from memory while the next
                // chunks are decided; anything left pending (a resend's repeated answer, a crash) is written by FlushPending.
                Prof.Time("i.files", () => writing.Add(answers.Select(a => (a.FileName, a.Bytes)).ToList()));
                foreach (var r in decided)
                {
                    if (Log.IsEnabled(Serilog.Events.LogEventLevel.Debug))
                        Log.Debug("Inbound {Archive} {Source}: {Type} {DocumentId} {Outcome} {Reasons}", r.ArchiveId, r.Source, r.DocumentType,
                            r.DocumentId, r.OutcomeName, r.Reasons.Select(x => x.Code));
                    each?.Invoke(r);
                    results.Add(r);
                }
                Log.Information("Intake: decided {Count} documents (archive {First}…{Last}): {Outcomes}", decided.Count, chunk[0].Id, chunk[^1].Id,
                    decided.GroupBy(r => r.OutcomeName).Select(g => $"{g.Key} {g.Count()}"));
            }
        }
        catch
        {
            try { next?.Wait(); } catch (AggregateException) { } // archived by now or not at all; Recover takes what is archived
            throw;
        }
        Prof.Time("i.drain", writing.Complete);
        return results;
    }
}
