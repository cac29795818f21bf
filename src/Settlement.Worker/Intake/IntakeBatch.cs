using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;
using Party = Settlement.Peppol.Parties.Party;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Intake;

/// <summary>
/// One chunk of inbound documents decided in one transaction, in three parts: what the decisions
/// need is read up front (<see cref="IntakeSnapshot"/>); the documents are decided here in arrival
/// order against it, by the matching rules (<see cref="Admission"/>, <see cref="InvoiceMatching"/>,
/// <see cref="CreditMatching"/>), the snapshot kept current as invoices are registered and credited
/// within the chunk; and the outcomes, invoices, credits and answers are written back in bulk
/// (<see cref="IntakeWrites"/>).
/// </summary>
internal sealed class IntakeBatch
{
    private readonly NpgsqlConnection conn;
    private readonly NpgsqlTransaction tx;
    private readonly Responder responder;
    private readonly string buyerEndpoint;
    private readonly ArchivedDocument[] documents;
    private readonly ValidationReport[] reports;
    private readonly InvoiceFacts?[] facts;

    private readonly Dictionary<long, IntakeResult> alreadyDecided;
    private readonly Dictionary<string, FirstSeen> firstBySha;
    private readonly Dictionary<string, Party> providers;
    private readonly Dictionary<string, (string Provider, string Placement)> orders;
    private readonly Dictionary<(string Order, int Line), ChunkLine> lines;
    private readonly Dictionary<(string Seller, string Number), ChunkInvoice> invoices;
    private readonly Dictionary<(string Seller, string Number), string> usedNumbers;

    private readonly List<OutcomeRow> outcomes = [];
    private readonly List<ChunkInvoice> newInvoices = [];
    private readonly List<NewCredit> newCredits = [];
    /// <summary>The answers to build (on every core, in <see cref="IntakeWrites"/>), in the order the documents were decided.</summary>
    private readonly List<PendingAnswer> answers = [];
    private readonly List<(long First, long Resend)> repeats = [];

    public IntakeBatch(NpgsqlConnection conn, NpgsqlTransaction tx, Responder responder, string buyerEndpoint,
        ArchivedDocument[] documents, ReadDocument[] read)
    {
        this.conn = conn; this.tx = tx; this.responder = responder; this.buyerEndpoint = buyerEndpoint;
        this.documents = documents;
        reports = read.Select(r => r.Report).ToArray();
        facts = read.Select(r => r.Facts).ToArray();
        var snapshot = IntakeSnapshot.Read(conn, tx, documents, facts);
        (alreadyDecided, firstBySha, providers, orders, lines, invoices, usedNumbers) = (snapshot.AlreadyDecided, snapshot.FirstBySha,
            snapshot.Providers, snapshot.Orders, snapshot.Lines, snapshot.Invoices, snapshot.UsedNumbers);
    }

    public IReadOnlyList<IntakeResult> DecideAll()
    {
        var results = new List<IntakeResult>(documents.Length);
        for (int i = 0; i < documents.Length; i++)
            results.Add(alreadyDecided.TryGetValue(documents[i].Id, out var stored) ? stored : Decide(documents[i], reports[i], facts[i]));
        return results;
    }

    private IntakeResult Decide(ArchivedDocument doc, ValidationReport report, InvoiceFacts? facts)
    {
        // Any decided document with the same bytes, earlier or later in the archive: a document
        // recovered after a crash may have been resent and decided meanwhile, and must not be
        // decided again (it would get RE for a number already used, after its resend got AP).
        if (firstBySha.TryGetValue(doc.Sha256, out var first))
        {
            var reasons = new[] { new Reason("NON", $"Samma dokument mottogs redan (arkiv-id {first.Id}); det registreras inte igen och får samma svar.") };
            outcomes.Add(new OutcomeRow(doc.Id, null, first.Order, first.Line, first.Amount, new MatchDecision(Outcome.Duplicate, reasons), [], first.Id));
            repeats.Add((first.Id, doc.Id));
            return new IntakeResult(doc.Id, doc.Source, first.Type, first.Number, Outcome.Duplicate, reasons);
        }

        var receiver = responder.ReceiverOf(org => providers.GetValueOrDefault(org), facts, report.Envelope);
        MatchDecision decision;
        (string Order, int Line)? claimed = null;
        if (Admission.Refusal(report, facts, buyerEndpoint) is { } refusal)
            decision = refusal;
        else
        {
            var seller = facts!.SellerOrganisationNumber;
            var sellerKnown = seller is not null && providers.ContainsKey(seller);
            if (sellerKnown && facts.Id is { } number && usedNumbers.TryGetValue((seller!, number), out var earlier))
                decision = MatchDecision.Reject("REF", $"Nummer {number} är redan använt av {seller} för ett annat dokument (mottaget {earlier}).");
            else if (facts.Type == DocumentType.CreditNote)
                (decision, claimed) = Credit(doc, facts, sellerKnown);
            else
                (decision, claimed) = Invoice(doc, facts, sellerKnown);
        }

        var amount = facts is { Type: DocumentType.CreditNote } ? facts.LineExtensionTotal : facts?.Lines.FirstOrDefault()?.LineAmount;
        outcomes.Add(new OutcomeRow(doc.Id, facts, claimed?.Order ?? facts?.OrderNumber, claimed?.Line,
            StoredRanges.AmountFits(amount) ? amount : null, decision, report.Findings, null));
        firstBySha.TryAdd(doc.Sha256, new FirstSeen(doc.Id, facts?.Type.ToString(), facts?.Id, facts?.SellerOrganisationNumber,
            claimed?.Order ?? facts?.OrderNumber, claimed?.Line, outcomes[^1].Amount));
        if (receiver is not null && facts?.Id is { } documentId)
            answers.Add(new PendingAnswer(doc.Id, receiver, documentId, facts.Type, facts.IssueDate, decision));
        else if (facts is null)
            Log.Warning("Inbound {Archive}: not an invoice or credit note ({Type}); archived and rejected, not answered", doc.Id, report.DocumentType?.ToString() ?? "no UBL document");
        else
            Log.Warning("Inbound {Archive}: no answer can be sent (the sender or the document id cannot be read)", doc.Id);
        return new IntakeResult(doc.Id, doc.Source, facts?.Type.ToString(), facts?.Id, decision.Outcome, decision.Reasons);
    }

    private (MatchDecision, (string, int)?) Invoice(ArchivedDocument doc, InvoiceFacts facts, bool sellerKnown)
    {
        var order = facts.OrderNumber is { } o && orders.TryGetValue(o, out var found) ? found : ((string Provider, string Placement)?)null;
        int? lineNo = facts.Lines.Count == 1 && int.TryParse(facts.Lines[0].OrderLineId, out var n) ? n : null;
        var state = order is not null && lineNo is { } ln && lines.TryGetValue((facts.OrderNumber!, ln), out var s) ? s : null;
        var line = state is null ? null : state.Line with { OpenInvoiceNumber = state.Holding.FirstOrDefault() };

        if (InvoiceMatching.Register(facts, buyerEndpoint, sellerKnown, line is not null, order is not null, order?.Provider) is { } rejection)
            return (rejection, null);

        var decision = InvoiceMatching.Judge(facts, line!);
        var issue = facts.IssueDate!.Value;
        var invoice = new ChunkInvoice
        {
            ArchiveId = doc.Id, Seller = facts.SellerOrganisationNumber!, Number = facts.Id!, OrderNumber = line!.OrderNumber, LineNo = line.LineNo,
            Amount = facts.Lines[0].LineAmount ?? 0m, Vat = facts.TaxTotal ?? 0m, Payable = facts.PayableAmount ?? 0m,
            IssueDate = issue, DueDate = issue.PlusDays(PaymentRun.TermDays), Quantity = facts.Lines[0].Quantity ?? 0m, Price = facts.Lines[0].Price ?? 0m,
            Status = decision.Outcome == Outcome.Approved ? "approved" : "disputed", ReceivedAt = "i samma omgång", DeliverySeen = line.Delivery is not null,
        };
        newInvoices.Add(invoice);
        invoices[(invoice.Seller, invoice.Number)] = invoice;
        usedNumbers[(invoice.Seller, invoice.Number)] = invoice.ReceivedAt;
        state!.Holding.Add(invoice.Number);
        return (decision, (line.OrderNumber, line.LineNo));
    }

    private (MatchDecision, (string, int)?) Credit(ArchivedDocument doc, InvoiceFacts facts, bool sellerKnown)
    {
        var seller = facts.SellerOrganisationNumber;
        var invoice = facts.CreditedInvoiceId is { } referenced && seller is not null && invoices.TryGetValue((seller, referenced), out var found) ? found : null;
        var decision = CreditMatching.Decide(facts, sellerKnown, buyerEndpoint,
            invoice is null ? null : new CreditedInvoice(invoice.Number, invoice.Seller, invoice.Amount, invoice.Vat, invoice.Payable, invoice.Credited, invoice.Paid));
        if (decision.Outcome != Outcome.Credited) return (decision, invoice is null ? null : (invoice.OrderNumber, invoice.LineNo));
        invoice!.Credited = true;
        newCredits.Add(new NewCredit(invoice, doc.Id, facts.Id!, facts.IssueDate!.Value));
        usedNumbers[(seller!, facts.Id!)] = "i samma omgång";
        if (lines.TryGetValue((invoice.OrderNumber, invoice.LineNo), out var line)) line.Holding.Remove(invoice.Number);
        return (decision, (invoice.OrderNumber, invoice.LineNo));
    }

    /// <summary>Writes the chunk's invoices, credits, outcomes and answers; returns the answers (their outbox rows are pending).</summary>
    public IReadOnlyList<ResponseDocument> Write() =>
        IntakeWrites.Write(conn, tx, responder, outcomes, newInvoices, newCredits, answers, repeats,
            id => firstBySha.Values.FirstOrDefault(f => f.Id == id));
}
