using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Database;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;

namespace Settlement.Worker.Replay;

/// <summary>
/// SETTLE-REPLAY-VERDICT: every stored verdict, rejections and duplicates included, redone from the
/// archived bytes in the order the intake decided them (processed_at, then archive id). Each
/// document is read and validated again and taken through the intake's own decision
/// (<see cref="DocumentDecider"/>: a copy, <see cref="Admission"/>, the number already used,
/// <see cref="InvoiceMatching.Register"/>, <see cref="CreditMatching.Decide"/>) against the records as they stood when it was decided: the
/// providers imported by then, the orders created by then, the invoices registered, credited and
/// paid by documents decided before it. The state moves on by the stored verdicts, so one altered
/// verdict is one difference, not a cascade. Whether a registered invoice is approved or disputed is
/// <see cref="PlacementReplay"/>'s redo (it needs the recomputed delivery); here it must be registered.
/// A document set aside by the quarantine (<see cref="Quarantine.Rule"/>) is not redone: its
/// decision failed for a reason outside the document. A verdict redone under a newer validation
/// release than the one that made it may differ for that reason alone; the difference says so.
/// </summary>
internal sealed class VerdictReplay
{
    private sealed record Decided(long Id, Instant ProcessedAt, string Outcome, string Reasons, long? DuplicateOf, string Sha256, long SizeBytes, string ReceivedAt);
    private sealed record Registered(long Id, string Seller, string Number, string Order, decimal Amount, decimal Vat, decimal Payable);

    private readonly string buyerEndpoint;
    private readonly Dictionary<string, Instant> providers;
    /// <summary>Every registered PEPPOL id (any case) → its provider, registered with the provider (so known from the same instant).</summary>
    private readonly Dictionary<string, string> providerIds;
    private readonly Dictionary<string, (string Provider, string Placement, Instant CreatedAt)> orders;
    private readonly HashSet<(string Order, int Line)> lines;
    private readonly Dictionary<long, Registered> invoicesByDocument;
    private readonly HashSet<long> creditDocuments;
    private readonly Dictionary<long, Instant> paidAt;

    private readonly Dictionary<string, long> firstBySha = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Seller, string Number), Registered> registered = [];
    /// <summary>Seller and number of every registered invoice and credit note so far → when it was received (as the intake's reason quotes it).</summary>
    private readonly Dictionary<(string Seller, string Number), string> used = [];
    private readonly HashSet<long> credited = [];
    private readonly List<ReplayDifference> differences = [];

    /// <summary>Documents read and validated at a time (in parallel), so the archive is never all in memory.</summary>
    private const int Slice = 1_000;

    private VerdictReplay(NpgsqlConnection conn, string buyerEndpoint)
    {
        this.buyerEndpoint = buyerEndpoint;
        providers = conn.Query<(string Org, Instant ImportedAt)>(
            "select p.org_number, e.imported_at from providers p join event_log e on e.seq = p.event_seq").ToDictionary(r => r.Org, r => r.ImportedAt);
        providerIds = Intake.Responder.ProviderIds(conn, null);
        orders = conn.Query<(string Number, string Provider, string Placement, Instant CreatedAt)>(
            "select number, provider_org, placement_id, created_at from orders").ToDictionary(r => r.Number, r => (r.Provider, r.Placement, r.CreatedAt));
        lines = conn.Query<(string Order, int Line)>("select order_number, line_no from order_lines").ToHashSet();
        invoicesByDocument = conn.Query<Registered>(
                "select document_id as Id, seller_org as Seller, invoice_number as Number, order_number as \"Order\", amount, vat_amount as Vat, payable from invoices")
            .ToDictionary(r => r.Id);
        creditDocuments = conn.Query<long>("select document_id from credits").ToHashSet();
        paidAt = conn.Query<(long Document, Instant At)>("select document_id, min(created_at) from responses where code = 'PD' group by document_id")
            .ToDictionary(r => r.Document, r => r.At);
    }

    /// <summary>The verdicts that the redo does not reproduce; <paramref name="figures"/> counts the verdicts redone.</summary>
    public static IReadOnlyList<ReplayDifference> Check(NpgsqlDataSource ds, string buyerEndpoint, out int figures)
    {
        using var conn = ds.Connect();
        var replay = Prof.Time("v.state", () => new VerdictReplay(conn, buyerEndpoint));
        var decided = conn.Query<Decided>("""
            select o.document_id as Id, o.processed_at as ProcessedAt, o.outcome, o.reasons::text as Reasons, o.duplicate_of as DuplicateOf,
                   d.sha256, d.size_bytes as SizeBytes, to_char(d.received_at, 'YYYY-MM-DD HH24:MI') as ReceivedAt
            from inbound_outcomes o join inbound_documents d on d.id = o.document_id
            order by o.processed_at, o.document_id
            """).ToList();
        foreach (var slice in decided.Chunk(Slice))
        {
            var ids = slice.Select(d => d.Id).ToArray();
            var content = Prof.Time("v.content", () => conn.Query<(long Id, byte[] Content)>("select id, content from inbound_documents where id = any(@ids)", new { ids })
                .ToDictionary(r => r.Id, r => r.Content));
            var read = Prof.Time("v.read", () => slice.AsParallel().AsOrdered().Select(d => ReadDocument.Read(content[d.Id], d.SizeBytes)).ToArray());
            Prof.Time("v.redo", () => { for (var i = 0; i < slice.Length; i++) replay.Redo(slice[i], read[i]); });
        }
        figures = decided.Count;
        Prof.Dump("verdict replay");
        return replay.differences;
    }

    private void Redo(Decided d, ReadDocument read)
    {
        var reasons = OutcomeJson.ReadReasons(d.Reasons);
        var quarantined = reasons.Any(r => r.Text.StartsWith($"[{Quarantine.Rule}]", StringComparison.Ordinal));
        if (!quarantined && !Matches(d, reasons, Expected(d, read, strict: true)))
        {
            var lenient = Expected(d, read, strict: false);
            if (!Matches(d, reasons, lenient)) Report(d, reasons, lenient);
        }
        MoveOn(d, read.Facts);
    }

    /// <summary>
    /// What the intake's rules make of the document against the records as they stood when it was
    /// decided. When that was is known only within bounds: processed_at is the start of the intake's
    /// transaction, which may wait on the decision lock while an order run or an events import
    /// commits, and it reads what has committed by then. So the providers and orders are taken two
    /// ways: created by processed_at (<paramref name="strict"/>), or all there are now (they are never
    /// removed); a stored verdict that either view supports stands.
    /// </summary>
    private (string Outcome, Reason? Why, long? DuplicateOf) Expected(Decided d, ReadDocument read, bool strict) =>
        DocumentDecider.Decide(d.Sha256, read.Report, read.Facts, buyerEndpoint, new AsDecided(this, d.ProcessedAt, strict)) switch
        {
            Verdict.Duplicate duplicate => ("duplicate", null, duplicate.FirstId),
            Verdict.Refused refused => ("rejected", refused.Decision.Reasons[0], null),
            Verdict.Credit credit => (MatchDecision.OutcomeName(credit.Decision.Outcome), credit.Decision.Reasons.FirstOrDefault(), null),
            Verdict.Registered => ("registered", null, null),
            var other => throw new InvalidOperationException($"unexpected verdict {other}"),
        };

    /// <summary>
    /// The records as a document decided at <paramref name="at"/> saw them: what the documents decided
    /// before it made (their stored verdicts), and the providers and orders created by then
    /// (<paramref name="strict"/>) or ever (see <see cref="Expected"/>). A credit note sees an invoice as
    /// paid only when the payment was made before it.
    /// </summary>
    private sealed class AsDecided(VerdictReplay replay, Instant at, bool strict) : IVerdictRecords
    {
        public long? FirstWithBytes(string sha256) => replay.firstBySha.TryGetValue(sha256, out var first) ? first : null;
        public bool IsProvider(string organisationNumber) => replay.providers.TryGetValue(organisationNumber, out var since) && (!strict || since <= at);
        public bool IsProviderId(string organisationNumber, string participantId) =>
            replay.providerIds.TryGetValue(participantId, out var owner) && owner == organisationNumber;
        public string? NumberUsedAt(string seller, string number) => replay.used.GetValueOrDefault((seller, number));
        public string? OrderProvider(string orderNumber) =>
            replay.orders.TryGetValue(orderNumber, out var order) && (!strict || order.CreatedAt <= at) ? order.Provider : null;
        public bool LineExists(string orderNumber, int lineNo) => replay.lines.Contains((orderNumber, lineNo));
        public CreditedInvoice? Invoice(string seller, string number) => replay.registered.GetValueOrDefault((seller, number)) is { } invoice
            ? new CreditedInvoice(invoice.Number, invoice.Seller, invoice.Amount, invoice.Vat, invoice.Payable, replay.credited.Contains(invoice.Id),
                replay.paidAt.TryGetValue(invoice.Id, out var paid) && paid < at)
            : null;
    }

    private static bool Matches(Decided d, IReadOnlyList<Reason> stored, (string Outcome, Reason? Why, long? DuplicateOf) expected) =>
        (d.Outcome is "approved" or "disputed" ? "registered" : d.Outcome) == expected.Outcome
        && (expected.Outcome != "duplicate" || d.DuplicateOf == expected.DuplicateOf)
        && (expected.Outcome != "rejected" || stored.FirstOrDefault()?.Code == expected.Why?.Code);

    private void Report(Decided d, IReadOnlyList<Reason> stored, (string Outcome, Reason? Why, long? DuplicateOf) expected)
    {        var placement = invoicesByDocument.TryGetValue(d.Id, out var inv) && orders.TryGetValue(inv.Order, out var o) ? o.Placement : "";
        static string Say(string outcome, Reason? why, long? dup) =>
            outcome + (why is { } r ? $" ({r.Code})" : "") + (dup is { } f ? $" of archive {f}" : "");
        differences.Add(new ReplayDifference($"inbound document {d.Id} verdict", placement,
            Say(d.Outcome, stored.FirstOrDefault(), d.DuplicateOf), Say(expected.Outcome == "registered" ? "approved or disputed" : expected.Outcome, expected.Why, expected.DuplicateOf),
            $"redone from the archived document as decided at {NodaTime.Text.InstantPattern.General.Format(d.ProcessedAt)}, against the records as they stood then"
            + (expected.Why is { } why ? $": {why.Text}" : "")
            + "; a verdict made under an earlier validation release can differ for that reason alone"));
    }

    /// <summary>The records after this document, by its stored verdict (as the intake moved them on).</summary>
    private void MoveOn(Decided d, InvoiceFacts? facts)
    {
        if (d.Outcome != "duplicate" && (!firstBySha.TryGetValue(d.Sha256, out var first) || d.Id < first)) firstBySha[d.Sha256] = d.Id;
        if (d.Outcome is "approved" or "disputed" && invoicesByDocument.TryGetValue(d.Id, out var invoice))
        {
            registered[(invoice.Seller, invoice.Number)] = invoice;
            used[(invoice.Seller, invoice.Number)] = d.ReceivedAt;
        }
        if (d.Outcome == "credited" && creditDocuments.Contains(d.Id) && facts is { SellerOrganisationNumber: { } seller, Id: { } number })
        {
            used[(seller, number)] = d.ReceivedAt;
            if (facts.CreditedInvoiceId is { } referenced && registered.TryGetValue((seller, referenced), out var creditedInvoice))
                credited.Add(creditedInvoice.Id);
        }
    }
}
