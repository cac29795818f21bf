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
/// document is read and validated again and taken through the intake's own checks
/// (<see cref="Admission"/>, the number already used, <see cref="InvoiceMatching.Register"/>,
/// <see cref="CreditMatching.Decide"/>) against the records as they stood when it was decided: the
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
    private sealed record Decided(long Id, Instant ProcessedAt, string Outcome, string Reasons, long? DuplicateOf, string Sha256, long SizeBytes);
    private sealed record Registered(long Id, string Seller, string Number, string Order, decimal Amount, decimal Vat, decimal Payable);

    private readonly string buyerEndpoint;
    private readonly Dictionary<string, Instant> providers;
    private readonly Dictionary<string, (string Provider, string Placement, Instant CreatedAt)> orders;
    private readonly HashSet<(string Order, int Line)> lines;
    private readonly Dictionary<long, Registered> invoicesByDocument;
    private readonly HashSet<long> creditDocuments;
    private readonly Dictionary<long, Instant> paidAt;

    private readonly Dictionary<string, long> firstBySha = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Seller, string Number), Registered> registered = [];
    private readonly HashSet<(string Seller, string Number)> used = [];
    private readonly HashSet<long> credited = [];
    private readonly List<ReplayDifference> differences = [];

    /// <summary>Documents read and validated at a time (in parallel), so the archive is never all in memory.</summary>
    private const int Slice = 1_000;

    private VerdictReplay(NpgsqlConnection conn, string buyerEndpoint)
    {
        this.buyerEndpoint = buyerEndpoint;
        providers = conn.Query<(string Org, Instant ImportedAt)>(
            "select p.org_number, e.imported_at from providers p join event_log e on e.seq = p.event_seq").ToDictionary(r => r.Org, r => r.ImportedAt);
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
                   d.sha256, d.size_bytes as SizeBytes
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
    private (string Outcome, Reason? Why, long? DuplicateOf) Expected(Decided d, ReadDocument read, bool strict)
    {
        if (firstBySha.TryGetValue(d.Sha256, out var first)) return ("duplicate", null, first);
        var facts = read.Facts;
        if (Admission.Refusal(read.Report, facts, buyerEndpoint) is { } refusal) return ("rejected", refusal.Reasons[0], null);
        var seller = facts!.SellerOrganisationNumber;
        var sellerKnown = seller is not null && providers.TryGetValue(seller, out var since) && (!strict || since <= d.ProcessedAt);
        if (sellerKnown && facts.Id is { } number && used.Contains((seller!, number)))
            return ("rejected", new Reason("REF", $"Nummer {number} var redan använt av {seller}."), null);
        if (facts.Type == DocumentType.CreditNote)
        {
            var invoice = facts.CreditedInvoiceId is { } referenced && seller is not null ? registered.GetValueOrDefault((seller, referenced)) : null;
            var decision = CreditMatching.Decide(facts, sellerKnown, buyerEndpoint, invoice is null ? null
                : new CreditedInvoice(invoice.Number, invoice.Seller, invoice.Amount, invoice.Vat, invoice.Payable, credited.Contains(invoice.Id),
                    paidAt.TryGetValue(invoice.Id, out var paid) && paid < d.ProcessedAt));
            return (MatchDecision.OutcomeName(decision.Outcome), decision.Reasons.FirstOrDefault(), null);
        }
        var order = facts.OrderNumber is { } o && orders.TryGetValue(o, out var found) && (!strict || found.CreatedAt <= d.ProcessedAt) ? found : ((string Provider, string Placement, Instant CreatedAt)?)null;
        var lineExists = order is not null && facts.Lines.Count == 1 && int.TryParse(facts.Lines[0].OrderLineId, out var n) && lines.Contains((facts.OrderNumber!, n));
        return InvoiceMatching.Register(facts, buyerEndpoint, sellerKnown, lineExists, order is not null, order?.Provider) is { } rejection
            ? ("rejected", rejection.Reasons[0], null)
            : ("registered", null, null);
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
            used.Add((invoice.Seller, invoice.Number));
        }
        if (d.Outcome == "credited" && creditDocuments.Contains(d.Id) && facts is { SellerOrganisationNumber: { } seller, Id: { } number })
        {
            used.Add((seller, number));
            if (facts.CreditedInvoiceId is { } referenced && registered.TryGetValue((seller, referenced), out var creditedInvoice))
                credited.Add(creditedInvoice.Id);
        }
    }
}
