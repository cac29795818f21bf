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
internal sealed class IntakeService(NpgsqlDataSource ds, BuyerConfiguration buyer, Responder responder, string outboxDirectory, InboundOptions? options = null)
{
    public const int ChunkSize = 500;

    /// <summary>The advisory lock under which documents are decided (one intake at a time), and payments made.</summary>
    public const long DecisionLock = 7301;

    /// <summary>Archives and processes one document, then writes its answer to the outbox folder.</summary>
    public IntakeResult Take(Channel channel, string source, byte[] content) => TakeMany([InboundDocument.Of(channel, source, content)])[0];

    /// <summary>A chunk holds at most this many bytes of documents (and <see cref="ChunkSize"/> documents), so memory stays flat whatever the folder holds.</summary>
    public const long ChunkBytes = 24L * 1024 * 1024;

    /// <summary>
    /// Cuts a sequence into chunks of at most <see cref="ChunkSize"/> items and <see cref="ChunkBytes"/>
    /// bytes (an item larger than that is a chunk of its own), lazily: the next chunk is read only when asked for.
    /// </summary>
    public static IEnumerable<T[]> Chunks<T>(IEnumerable<T> items, Func<T, long> bytes)
    {
        var chunk = new List<T>();
        long size = 0;
        foreach (var item in items)
        {
            var b = bytes(item);
            if (chunk.Count > 0 && (chunk.Count == ChunkSize || size + b > ChunkBytes))
            {
                yield return chunk.ToArray();
                chunk.Clear();
                size = 0;
            }
            chunk.Add(item);
            size += b;
        }
        if (chunk.Count > 0) yield return chunk.ToArray();
    }

    /// <summary>
    /// Takes in documents a chunk at a time, in the order given: each chunk is archived (committed)
    /// before any of it is read, then read, decided and answered; <paramref name="each"/> sees every
    /// result as it is decided. The next chunk is archived and read while this one is decided, so
    /// the archive's inserts, the processor's validation and the decisions overlap. If something
    /// fails, the chunks before are decided and answered, and a chunk archived but not decided is
    /// picked up by <see cref="Recover"/>; nothing that was archived is lost.
    /// </summary>
    public IReadOnlyList<IntakeResult> TakeMany(IEnumerable<InboundDocument> documents, Action<IntakeResult>? each = null)
    {
        var results = Decide(Chunks(documents, d => d.Content.LongLength).Select(chunk =>
            (Func<Prepared>)(() =>
            {
                // The same file taken in again (same channel, path and bytes, already decided: an import
                // resumed after a kill, a poll after a node died) is the same delivery: not archived or answered again.
                var taken = InboundArchive.AlreadyTaken(ds, chunk);
                var fresh = taken.Count == 0 ? chunk : chunk.Where(d => !taken.ContainsKey((d.Channel, d.Source, d.Sha256))).ToArray();
                var archived = Prof.Time("i.archive", () => InboundArchive.StoreMany(ds, fresh)).ToArray();
                return new Prepared(archived, Read(archived), [.. taken.Values]);
            })), each);
        Prof.Time("i.flush", () => OutboxWriter.FlushPending(ds, outboxDirectory));
        Prof.Dump("intake");
        return results;
    }

    /// <summary>A chunk brought to the decision: archived, read, and the documents found already taken in (not archived again).</summary>
    private sealed record Prepared(ArchivedDocument[] Archived, ReadDocument[] Read, IntakeResult[] AlreadyTaken);

    /// <summary>Processes documents archived earlier but never decided (after a crash); returns them.</summary>
    public IReadOnlyList<IntakeResult> Recover()
    {
        var results = Decide(InboundArchive.Unprocessed(ds)
            .Select(chunk => (Func<Prepared>)(() => new Prepared(chunk, Read(chunk), []))), null);
        if (results.Count > 0) OutboxWriter.FlushPending(ds, outboxDirectory);
        return results;
    }

    /// <summary>Reads and validates a chunk on every core (pure but for the processor).</summary>
    private ReadDocument[] Read(ArchivedDocument[] chunk) =>
        chunk.AsParallel().AsOrdered().Select(d => ReadDocument.Read(d.Content, d.Size, options)).ToArray();

    /// <summary>
    /// Decides one chunk in one transaction under the decision lock and hands its answers to the
    /// outbox writer after the commit (from memory, while the next chunks are decided; anything left
    /// pending, such as a resend's repeated answer or a crash, is written by FlushPending).
    /// </summary>
    private IReadOnlyList<IntakeResult> DecideChunk(ArchivedDocument[] chunk, ReadDocument[] reports, OutboxFileQueue writing)
    {
        using var conn = ds.Connect();
        using var tx = conn.BeginTransaction();
        conn.Execute("select pg_advisory_xact_lock(@key)", new { key = DecisionLock }, tx); // one intake decides at a time
        var batch = Prof.Time("i.ctor", () => new IntakeBatch(conn, tx, responder, buyer.Party.ParticipantId.ToString(), chunk, reports));
        var decided = Prof.Time("i.decide", () => batch.DecideAll());
        var answers = Prof.Time("i.write", () => batch.Write());
        Prof.Time("i.commit", () => tx.Commit());
        Prof.Time("i.files", () => writing.Add(answers.Select(a => (a.FileName, a.Bytes)).ToList()));
        return decided;
    }

    /// <summary>One document decided on its own; if it still cannot be, it is set aside (<see cref="Quarantine"/>) and the intake goes on.</summary>
    private IntakeResult DecideAlone(ArchivedDocument document, ReadDocument report, OutboxFileQueue writing)
    {
        try { return DecideChunk([document], [report], writing)[0]; }
        catch (Exception ex) when (Quarantine.IsDocumentFault(ex)) { return Quarantine.SetAside(ds, document, report, ex); }
    }

    /// <summary>
    /// Decides the chunks in order, one transaction each. <paramref name="chunks"/> yields, per
    /// chunk, the work that brings it to the decision (archiving and reading); chunk k+1's runs in
    /// the background while chunk k is decided, and is always waited for, even on failure.
    /// </summary>
    private List<IntakeResult> Decide(IEnumerable<Func<Prepared>> chunks, Action<IntakeResult>? each)
    {
        var results = new List<IntakeResult>();
        using var pending = chunks.GetEnumerator();
        Task<Prepared>? Next() => pending.MoveNext() ? Task.Run(pending.Current) : null;
        var next = Next();
        using var writing = new OutboxFileQueue(ds, outboxDirectory);
        try
        {
            while (next is not null)
            {
                var (chunk, reports, alreadyTaken) = Prof.Time("i.validate", () => next.GetAwaiter().GetResult());
                next = Next();
                foreach (var r in alreadyTaken)
                {
                    each?.Invoke(r);
                    results.Add(r);
                }
                if (chunk.Length == 0) continue;
                IReadOnlyList<IntakeResult> decided;
                try
                {
                    decided = DecideChunk(chunk, reports, writing);
                }
                catch (Exception ex) when (Quarantine.IsDocumentFault(ex) && chunk.Length > 1)
                {
                    // One document of the chunk cannot be decided: decide them one at a time, so it alone is set aside.
                    Log.Warning(ex, "Intake: a chunk (archive {First}…{Last}) could not be decided; deciding its documents one by one", chunk[0].Id, chunk[^1].Id);
                    decided = chunk.Select((d, i) => DecideAlone(d, reports[i], writing)).ToList();
                }
                catch (Exception ex) when (Quarantine.IsDocumentFault(ex))
                {
                    decided = [Quarantine.SetAside(ds, chunk[0], reports[0], ex)];
                }
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
