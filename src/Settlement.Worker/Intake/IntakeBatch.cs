using Npgsql;
using Serilog;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Intake;

/// <summary>
/// One chunk of inbound documents decided in one transaction, in three parts: what the decisions
/// need is read up front (<see cref="IntakeSnapshot"/>); the documents are decided in arrival order
/// against it by the one pure decision (<see cref="DocumentDecider"/>, then <see cref="InvoiceMatching.Judge"/>
/// for a registered invoice), the snapshot kept current here as invoices are registered and credited
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

    private readonly IntakeSnapshot snapshot;

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
        snapshot = IntakeSnapshot.Read(conn, tx, documents, facts);
    }

    public IReadOnlyList<IntakeResult> DecideAll()
    {
        var results = new List<IntakeResult>(documents.Length);
        for (int i = 0; i < documents.Length; i++)
            results.Add(snapshot.AlreadyDecided.TryGetValue(documents[i].Id, out var stored) ? stored : Decide(documents[i], reports[i], facts[i]));
        return results;
    }

    private IntakeResult Decide(ArchivedDocument doc, ValidationReport report, InvoiceFacts? facts)
    {
        var verdict = DocumentDecider.Decide(doc.Sha256, report, facts, buyerEndpoint, snapshot);
        if (verdict is Verdict.Duplicate duplicate)
        {
            var first = snapshot.FirstBySha[doc.Sha256];
            outcomes.Add(new OutcomeRow(doc.Id, null, first.Order, first.Line, first.Amount, new MatchDecision(Outcome.Duplicate, [duplicate.Why]), [], first.Id));
            repeats.Add((first.Id, doc.Id));
            return new IntakeResult(doc.Id, doc.Source, first.Type, first.Number, Outcome.Duplicate, [duplicate.Why]);
        }

        var receiver = responder.ReceiverOf(org => snapshot.Providers.GetValueOrDefault(org), facts, report.Envelope);
        var (decision, claimed) = verdict switch
        {
            Verdict.Registered registered => Register(doc, facts!, registered),
            Verdict.Credit credit => Credit(doc, facts!, credit),
            Verdict.Refused refused => (refused.Decision, ((string Order, int Line)?)null),
            _ => throw new InvalidOperationException($"unexpected verdict {verdict}"),
        };

        var amount = facts is { Type: DocumentType.CreditNote } ? facts.LineExtensionTotal : facts?.Lines.FirstOrDefault()?.LineAmount;
        outcomes.Add(new OutcomeRow(doc.Id, facts, claimed?.Order ?? facts?.OrderNumber, claimed?.Line,
            StoredRanges.AmountFits(amount) ? amount : null, decision, report.Findings, null));
        snapshot.FirstBySha.TryAdd(doc.Sha256, new FirstSeen(doc.Id, facts?.Type.ToString(), facts?.Id, facts?.SellerOrganisationNumber,
            claimed?.Order ?? facts?.OrderNumber, claimed?.Line, outcomes[^1].Amount));
        if (receiver is not null && facts?.Id is { } documentId)
            answers.Add(new PendingAnswer(doc.Id, receiver, documentId, facts.Type, facts.IssueDate, decision));
        else if (facts is null)
            Log.Warning("Inbound {Archive}: not an invoice or credit note ({Type}); archived and rejected, not answered", doc.Id, report.DocumentType?.ToString() ?? "no UBL document");
        else
            Log.Warning("Inbound {Archive}: no answer can be sent (the sender or the document id cannot be read)", doc.Id);
        return new IntakeResult(doc.Id, doc.Source, facts?.Type.ToString(), facts?.Id, decision.Outcome, decision.Reasons);
    }

    /// <summary>A registered invoice: judged against its line as the chunk knows it, and held on it.</summary>
    private (MatchDecision Decision, (string Order, int Line)? Claimed) Register(ArchivedDocument doc, InvoiceFacts facts, Verdict.Registered registered)
    {
        var state = snapshot.Lines[(registered.OrderNumber, registered.LineNo)];
        var line = state.Line with { OpenInvoiceNumber = state.Holding.FirstOrDefault() };
        var decision = InvoiceMatching.Judge(facts, line);
        var issue = facts.IssueDate!.Value;
        var invoice = new ChunkInvoice
        {
            ArchiveId = doc.Id, Seller = facts.SellerOrganisationNumber!, Number = facts.Id!, OrderNumber = line.OrderNumber, LineNo = line.LineNo,
            Amount = facts.Lines[0].LineAmount ?? 0m, Vat = facts.TaxTotal ?? 0m, Payable = facts.PayableAmount ?? 0m,
            IssueDate = issue, DueDate = issue.PlusDays(PaymentRun.TermDays), Quantity = facts.Lines[0].Quantity ?? 0m, Price = facts.Lines[0].Price ?? 0m,
            Status = decision.Outcome == Outcome.Approved ? "approved" : "disputed", ReceivedAt = SameChunk, DeliverySeen = line.Delivery is not null,
        };
        newInvoices.Add(invoice);
        snapshot.Invoices[(invoice.Seller, invoice.Number)] = invoice;
        snapshot.UsedNumbers[(invoice.Seller, invoice.Number)] = invoice.ReceivedAt;
        state.Holding.Add(invoice.Number);
        return (decision, (line.OrderNumber, line.LineNo));
    }

    /// <summary>A credit note's decision; a full credit releases the invoice's line.</summary>
    private (MatchDecision Decision, (string Order, int Line)? Claimed) Credit(ArchivedDocument doc, InvoiceFacts facts, Verdict.Credit credit)
    {
        var invoice = credit.Invoice is null ? null : snapshot.Invoices[(credit.Invoice.SellerOrg, credit.Invoice.Number)];
        if (credit.Decision.Outcome != Outcome.Credited) return (credit.Decision, invoice is null ? null : (invoice.OrderNumber, invoice.LineNo));
        invoice!.Credited = true;
        newCredits.Add(new NewCredit(invoice, doc.Id, facts.Id!, facts.IssueDate!.Value));
        snapshot.UsedNumbers[(invoice.Seller, facts.Id!)] = SameChunk;
        if (snapshot.Lines.TryGetValue((invoice.OrderNumber, invoice.LineNo), out var line)) line.Holding.Remove(invoice.Number);
        return (credit.Decision, (invoice.OrderNumber, invoice.LineNo));
    }

    /// <summary>When a number was taken, as a reason quotes it, for a document registered earlier in the same chunk.</summary>
    private const string SameChunk = "i samma omgång";

    /// <summary>Writes the chunk's invoices, credits, outcomes and answers; returns the answers (their outbox rows are pending).</summary>
    public IReadOnlyList<ResponseDocument> Write() =>
        IntakeWrites.Write(conn, tx, responder, outcomes, newInvoices, newCredits, answers, repeats,
            id => snapshot.FirstBySha.Values.FirstOrDefault(f => f.Id == id));
}
