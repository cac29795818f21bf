using Dapper;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Serilog;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Parties;
using Party = Settlement.Peppol.Parties.Party;
using Settlement.Worker.Database;
using Settlement.Worker.Events;
using Settlement.Worker.Outbox;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Orders;

/// <summary>A due order the run wants to issue: its placement, the engine's figures and the derivation they came from.</summary>
internal sealed record OrderCandidate(PlacementRow Placement, DueOrder Due, string Derivation);

/// <summary>
/// Issues due orders. <see cref="IssueBatch"/> issues many in one transaction: the day's counter
/// row (`po_serials`) is locked first, so concurrent issuers of the date queue; the orders that
/// another process issued meanwhile are dropped; the rest get the next serials as one block; orders,
/// lines, deliveries of result-based lines and outbox rows are written in bulk; the counter moves by
/// the block in the same transaction, so a rolled-back batch leaves no gap. The order key is
/// unique: an insert that still meets a conflict (an order issued under another date) rolls back
/// to a savepoint and the batch is numbered again without it. After the commit, the files are
/// written (<see cref="OutboxWriter.WriteAndMark"/>, or by the run's <see cref="OutboxFileQueue"/>)
/// and the rows marked written.
/// Documents are rendered on every core before the transaction, numbered with the serials the
/// counter predicts; they are rendered again inside it only when that prediction was wrong.
/// </summary>
internal sealed class OrderIssuer(NpgsqlDataSource ds, IOrderDocuments documents)
{
    /// <summary>Issues one due order (a batch of one); null when another process issued it first. <paramref name="outboxDirectory"/>: where to write the file right after the commit; null leaves the row pending for <see cref="OutboxWriter.FlushPending"/>.</summary>
    public IssuedOrder? Issue(LocalDate date, PlacementRow placement, DueOrder due, StoredTariff tariff, string derivation, string? outboxDirectory = null)
    {
        using var conn = ds.Connect();
        var providers = LoadProviders(conn, null, [placement.ProviderOrg]);
        var issued = IssueBatch(date, [new OrderCandidate(placement, due, derivation)], tariff, providers, outboxDirectory, out _);
        return issued.Count == 1 ? issued[0] : null;
    }

    internal sealed class Slot
    {
        public required OrderCandidate Candidate;
        public required VatRate Vat;
        public int Serial;
        public byte[]? Document;
        public string Number => new PurchaseOrderNumber(IssueDate, Serial).ToString();
        public required LocalDate IssueDate;
    }

    /// <summary>
    /// Issues the candidates (in the order given, which is the order of their serials) in one
    /// transaction; returns those issued. <paramref name="already"/> counts those another process issued first.
    /// </summary>
    public IReadOnlyList<IssuedOrder> IssueBatch(LocalDate date, IReadOnlyList<OrderCandidate> candidates, StoredTariff tariff,
        IReadOnlyDictionary<string, Provider> providers, string? outboxDirectory, out int already)
    {
        var batch = Commit(Prepare(date, candidates, tariff, providers, LastSerial(date)));
        if (outboxDirectory is not null) OutboxWriter.WriteAndMark(ds, outboxDirectory, batch.Files);
        already = batch.Already;
        return batch.Issued;
    }

    /// <summary>A committed batch: what was issued, how many another process had issued, and its files (their rows pending until written).</summary>
    public sealed record CommittedBatch(IReadOnlyList<IssuedOrder> Issued, int Already, IReadOnlyList<(string FileName, byte[] Bytes)> Files);

    /// <summary>The day's last serial as the counter says now (0 before the first order of the day).</summary>
    public int LastSerial(LocalDate date)
    {
        using var conn = ds.Connect();
        return conn.ExecuteScalar<int?>("select last_serial from po_serials where issue_date = @date", new { date }) ?? 0;
    }

    /// <summary>A batch numbered as predicted and rendered, ready for <see cref="Commit"/>.</summary>
    public sealed class PreparedBatch
    {
        internal PreparedBatch(LocalDate date, List<Slot> slots, StoredTariff tariff, IReadOnlyDictionary<string, Provider> providers) =>
            (Date, Slots, Tariff, Providers) = (date, slots, tariff, providers);
        internal LocalDate Date { get; }
        internal List<Slot> Slots { get; }
        internal StoredTariff Tariff { get; }
        internal IReadOnlyDictionary<string, Provider> Providers { get; }
        public int Count => Slots.Count;
    }

    /// <summary>
    /// Before any transaction: numbers the candidates with the serials after <paramref name="predictedLast"/>
    /// and renders their documents on every core. Pure but for the processor; may run while another
    /// batch is being committed.
    /// </summary>
    public PreparedBatch Prepare(LocalDate date, IReadOnlyList<OrderCandidate> candidates, StoredTariff tariff,
        IReadOnlyDictionary<string, Provider> providers, int predictedLast)
    {
        var slots = candidates.Select(c =>
        {
            var v = tariff.Tariff.RequireVersionAt(c.Due.EarnedOn).Vat;
            return new Slot { Candidate = c, Vat = new VatRate(v.Category, v.Percent), IssueDate = date };
        }).ToList();
        Number(slots, predictedLast);
        Prof.Time("render", () => Render(slots, providers));
        return new PreparedBatch(date, slots, tariff, providers);
    }

    /// <summary>
    /// Issues a prepared batch in one transaction (numbering and rendering again only what the
    /// counter or another process made wrong); the files are left to the caller (<see cref="CommittedBatch.Files"/>).
    /// </summary>
    public CommittedBatch Commit(PreparedBatch batch)
    {
        int already = 0;
        var (date, slots, tariff, providers) = (batch.Date, batch.Slots, batch.Tariff, batch.Providers);
        if (slots.Count == 0) return new([], 0, []);
        using var conn = ds.Connect();
        using var tx = conn.BeginTransaction();
        var last = conn.ExecuteScalar<int>("""
            insert into po_serials (issue_date, last_serial) values (@date, 0)
            on conflict (issue_date) do update set last_serial = po_serials.last_serial
            returning last_serial
            """, new { date }, tx); // the row lock queues every other issuer of the date until we commit
        var taken = conn.Query<string>("select order_key from orders where order_key = any(@keys)",
            new { keys = slots.Select(s => s.Candidate.Due.Key).ToArray() }, tx).ToHashSet();
        while (true)
        {
            if (taken.Count > 0)
            {
                already += slots.RemoveAll(s => taken.Contains(s.Candidate.Due.Key));
                taken.Clear();
            }
            if (slots.Count == 0) { tx.Rollback(); return new([], already, []); }
            if (Number(slots, last) > 0) Render(slots, providers);
            conn.Execute("savepoint batch", transaction: tx);
            var inserted = Prof.Time("insertorders", () => InsertOrders(conn, tx, date, slots, tariff));
            if (inserted.Count == slots.Count) break;
            // Issued under another date a moment ago: drop those and number the batch again.
            conn.Execute("rollback to savepoint batch", transaction: tx);
            taken = slots.Select(s => s.Candidate.Due.Key).Where(k => !inserted.Contains(k)).ToHashSet();
        }
        Prof.Time("copyrows", () => CopyRows(conn, slots, date));
        conn.Execute("update po_serials set last_serial = @serial where issue_date = @date", new { serial = last + slots.Count, date }, tx);
        Prof.Time("commit", () => tx.Commit());

        var issued = new List<IssuedOrder>(slots.Count);
        foreach (var s in slots)
        {
            var (p, due) = (s.Candidate.Placement, s.Candidate.Due);
            if (Log.IsEnabled(Serilog.Events.LogEventLevel.Debug))
                Log.Debug("Issued {Number} {Kind} for {Placement} ({Lines} lines, {Total} SEK)", s.Number, due.Kind, p.Id, due.Lines.Count, due.Total);
            issued.Add(new IssuedOrder(s.Number, due.Kind, p.Id, due.Period, due.Stage, due.SupplementId, due.Total, due.Lines.Count));
        }
        Log.Information("Issued {Count} orders {First}…{Last}", issued.Count, issued[0].Number, issued[^1].Number);

        // After the commit, never before: a file exists only for an order that exists. A crash
        // before the files are written leaves the rows pending, and the next run writes them (OutboxWriter.FlushPending).
        return new(issued, already, slots.Select(s => (s.Number + ".xml", s.Document!)).ToList());
    }

    /// <summary>Gives the slots the serials after <paramref name="last"/>; returns how many changed (their documents are dropped).</summary>
    private static int Number(List<Slot> slots, int last)
    {
        int changed = 0;
        for (int i = 0; i < slots.Count; i++)
            if (slots[i].Serial != last + i + 1)
            {
                slots[i].Serial = last + i + 1;
                slots[i].Document = null;
                changed++;
            }
        return changed;
    }

    /// <summary>
    /// Renders the slots' documents on every core and validates each (<see cref="OutboundValidation"/>):
    /// an order that fails is never issued, so its serial is not used and nothing is written.
    /// </summary>
    private void Render(List<Slot> slots, IReadOnlyDictionary<string, Provider> providers)
    {
        try
        {
            Parallel.ForEach(slots.Where(s => s.Document is null), s =>
            {
                var c = s.Candidate;
                var document = documents.Render(new OrderDocumentRequest(new PurchaseOrderNumber(s.IssueDate, s.Serial), s.IssueDate, c.Placement.Id, c.Due,
                    providers[c.Placement.ProviderOrg], s.Vat));
                OutboundValidation.Require(document, $"order {s.Number} ({c.Due.Kind}, {c.Placement.Id})");
                s.Document = document;
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.OfType<SettleException>().FirstOrDefault() is { } invalid)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(invalid);
        }
    }

    private static HashSet<string> InsertOrders(NpgsqlConnection conn, NpgsqlTransaction tx, LocalDate date, List<Slot> slots, StoredTariff tariff) =>
        conn.Query<string>("""
            insert into orders (number, order_key, kind, placement_id, provider_org, period_number, stage, supplement_id,
                                issue_date, total, vat_category, vat_percent, tariff_sha256, derivation)
            select n, k, t, p, v, pe, st, su, @date, tot, vc, vp, @sha, d
            from unnest(@numbers::text[], @keys::text[], @kinds::text[], @placements::text[], @providers::text[], @periods::int[], @stages::int[],
                        @supplements::text[], @totals::numeric[], @categories::text[], @percents::numeric[], @derivations::text[])
                 as u(n, k, t, p, v, pe, st, su, tot, vc, vp, d)
            on conflict (order_key) do nothing
            returning order_key
            """, new
        {
            date, sha = tariff.Sha256,
            numbers = slots.Select(s => s.Number).ToArray(), keys = slots.Select(s => s.Candidate.Due.Key).ToArray(),
            kinds = slots.Select(s => s.Candidate.Due.Kind).ToArray(), placements = slots.Select(s => s.Candidate.Placement.Id).ToArray(),
            providers = slots.Select(s => s.Candidate.Placement.ProviderOrg).ToArray(), periods = slots.Select(s => s.Candidate.Due.Period).ToArray(),
            stages = slots.Select(s => s.Candidate.Due.Stage).ToArray(), supplements = slots.Select(s => s.Candidate.Due.SupplementId).ToArray(),
            totals = slots.Select(s => s.Candidate.Due.Total).ToArray(), categories = slots.Select(s => s.Vat.Category).ToArray(),
            percents = slots.Select(s => s.Vat.Percent).ToArray(), derivations = slots.Select(s => s.Candidate.Derivation).ToArray(),
        }, tx).ToHashSet();

    /// <summary>Order lines, the deliveries of result-based lines and the outbox rows, by binary COPY (in the connection's transaction).</summary>
    private static void CopyRows(NpgsqlConnection conn, List<Slot> slots, LocalDate date)
    {
        using (var copy = conn.BeginBinaryImport(
                   "copy order_lines (order_number, line_no, article, month, quantity, unit_code, price, amount, period_from, period_to) from stdin (format binary)"))
        {
            foreach (var s in slots)
            {
                var number = s.Number;
                foreach (var l in s.Candidate.Due.Lines)
                {
                    copy.StartRow();
                    copy.Write(number, NpgsqlDbType.Text);
                    copy.Write(l.LineNo, NpgsqlDbType.Integer);
                    copy.Write(l.Article, NpgsqlDbType.Text);
                    if (l.Month is null) copy.WriteNull(); else copy.Write(l.Month, NpgsqlDbType.Text);
                    copy.Write(l.Quantity, NpgsqlDbType.Numeric);
                    copy.Write(l.UnitCode, NpgsqlDbType.Text);
                    copy.Write(l.Price, NpgsqlDbType.Numeric);
                    copy.Write(l.Amount, NpgsqlDbType.Numeric);
                    copy.Write(l.From, NpgsqlDbType.Date);
                    copy.Write(l.To, NpgsqlDbType.Date);
                }
            }
            copy.Complete();
        }
        if (slots.Any(s => s.Candidate.Due.Kind != "base"))
            using (var copy = conn.BeginBinaryImport(
                       "copy deliveries (order_number, line_no, status, quantity, amount, registered_on, derivation) from stdin (format binary)"))
            {
                foreach (var s in slots.Where(s => s.Candidate.Due.Kind != "base"))
                {
                    copy.StartRow();
                    copy.Write(s.Number, NpgsqlDbType.Text);
                    copy.Write(1, NpgsqlDbType.Integer);
                    copy.Write("delivered", NpgsqlDbType.Text);
                    copy.Write(1m, NpgsqlDbType.Numeric);
                    copy.Write(s.Candidate.Due.Total, NpgsqlDbType.Numeric);
                    copy.Write(date, NpgsqlDbType.Date);
                    copy.Write("a result-based order line is delivered when it is ordered", NpgsqlDbType.Text);
                }
                copy.Complete();
            }
        using (var copy = conn.BeginBinaryImport("copy outbox (order_number, file_name, document, sha256) from stdin (format binary)"))
        {
            foreach (var s in slots)
            {
                copy.StartRow();
                copy.Write(s.Number, NpgsqlDbType.Text);
                copy.Write(s.Number + ".xml", NpgsqlDbType.Text);
                copy.Write(s.Document!, NpgsqlDbType.Bytea);
                copy.Write(Hashing.Sha256Hex(s.Document!), NpgsqlDbType.Text);
            }
            copy.Complete();
        }
    }

    /// <summary>The providers of these organisation numbers as order parties, in one query.</summary>
    public static Dictionary<string, Provider> LoadProviders(NpgsqlConnection conn, NpgsqlTransaction? tx, IEnumerable<string> orgs) =>
        conn.Query<(string Org, string Name, string PeppolId, string Agreement, string? Vat, string? Street, string? City, string? Zone, string Country)>(
                "select org_number, name, peppol_id, agreement, vat_number, street, city, postal_zone, country from providers where org_number = any(@orgs)",
                new { orgs = orgs.Distinct().ToArray() }, tx)
            .ToDictionary(p => p.Org, p => new Provider(new Party(p.Name, OrganisationNumber.Parse(p.Org), ParticipantId.Parse(p.PeppolId), p.Vat,
                new PostalAddress(p.Street ?? "", p.City ?? "", p.Zone ?? "", p.Country)), p.Agreement));
}
