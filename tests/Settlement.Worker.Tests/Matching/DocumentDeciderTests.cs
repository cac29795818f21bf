using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;
using static Settlement.Worker.Tests.Matching.TestFacts;

namespace Settlement.Worker.Tests.Matching;

/// <summary>
/// The verdict on an inbound document, every path of <see cref="DocumentDecider"/> in the order it
/// decides, against records held in memory: no database, no files.
/// </summary>
public class DocumentDeciderTests
{
    private const string Seller = "5569876542", Sha = "sha-of-the-document";

    /// <summary>Records in memory: one provider with order IN240311-1 (line 3), nothing decided yet.</summary>
    private sealed class Records : IVerdictRecords
    {
        public Dictionary<string, long> Bytes = [];
        public HashSet<string> Providers = [Seller];
        /// <summary>The seller's registered PEPPOL ids: its order address and one invoicing address (a GLN).</summary>
        public HashSet<(string, string)> Ids = [(Seller, "0007:" + Seller), (Seller, "0088:7300010000001")];
        public Dictionary<(string, string), string> Used = [];
        public Dictionary<string, string> Orders = new() { ["IN240311-1"] = Seller };
        public HashSet<(string, int)> Lines = [("IN240311-1", 3)];
        public Dictionary<(string, string), CreditedInvoice> Invoices = [];

        public long? FirstWithBytes(string sha256) => Bytes.TryGetValue(sha256, out var id) ? id : null;
        public bool IsProvider(string organisationNumber) => Providers.Contains(organisationNumber);
        public bool IsProviderId(string organisationNumber, string participantId) => Ids.Contains((organisationNumber, participantId));
        public string? NumberUsedAt(string seller, string number) => Used.GetValueOrDefault((seller, number));
        public string? OrderProvider(string orderNumber) => Orders.GetValueOrDefault(orderNumber);
        public bool LineExists(string orderNumber, int lineNo) => Lines.Contains((orderNumber, lineNo));
        public CreditedInvoice? Invoice(string seller, string number) => Invoices.GetValueOrDefault((seller, number));
    }

    private static ValidationReport Valid(DocumentType type = DocumentType.Invoice, SbdhEnvelope? envelope = null) => new(type, [], null, envelope);

    private static Verdict Decide(InvoiceFacts? facts, Records? records = null, ValidationReport? report = null) =>
        DocumentDecider.Decide(Sha, report ?? Valid(facts?.Type ?? DocumentType.Invoice), facts, Buyer, records ?? new Records());

    private static Reason Refusal(Verdict verdict) => Assert.Single(Assert.IsType<Verdict.Refused>(verdict).Decision.Reasons);

    private static SbdhEnvelope Envelope(string sender, string receiver) =>
        SbdhEnvelope.For(DocumentType.Invoice, ParticipantId.Parse(sender), ParticipantId.Parse(receiver), "i-1", Instant.FromUtc(2024, 6, 3, 8, 0));

    [Fact]
    public void An_invoice_naming_a_line_of_the_sellers_order_is_registered_on_that_line()
    {
        Assert.Equal(new Verdict.Registered("IN240311-1", 3), Decide(Invoice()));
    }

    [Fact]
    public void The_same_bytes_decided_before_are_a_duplicate_before_anything_else_is_looked_at()
    {
        var records = new Records { Bytes = { [Sha] = 41 }, Providers = [] };
        var duplicate = Assert.IsType<Verdict.Duplicate>(Decide(Invoice(), records, new ValidationReport(DocumentType.Invoice, [new Finding("BR-01", Severity.Fatal, "x", null)], null, null)));
        Assert.Equal(41, duplicate.FirstId);
        Assert.Equal("NON", duplicate.Why.Code);
        Assert.Contains("arkiv-id 41", duplicate.Why.Text);
    }

    [Fact]
    public void A_fatal_finding_refuses_the_document_with_the_rule_named()
    {
        var report = new ValidationReport(DocumentType.Invoice, [new Finding("BR-CO-15", Severity.Fatal, "Summan stämmer inte", "/Invoice"), new Finding("BR-51", Severity.Warning, "w", null)], null, null);
        var reason = Refusal(Decide(Invoice(), report: report));
        Assert.Equal(("OTH", "[BR-CO-15] Summan stämmer inte (/Invoice)"), (reason.Code, reason.Text));
    }

    [Fact]
    public void A_document_that_is_not_an_invoice_or_credit_note_is_refused()
    {
        var reason = Refusal(Decide(null, report: Valid(DocumentType.Order)));
        Assert.Equal("OTH", reason.Code);
        Assert.Contains("Order", reason.Text);
    }

    [Theory]
    [InlineData("0007:5569876542", "0007:5561234567", "REC")] // the envelope is addressed to someone else
    [InlineData("0007:5561234567", Buyer, "UNR")]             // another provider's envelope carries this seller's invoice
    public void The_envelope_must_be_addressed_to_the_buyer_and_sent_by_the_documents_seller(string sender, string receiver, string code)
    {
        Assert.Equal(code, Refusal(Decide(Invoice(), report: Valid(envelope: Envelope(sender, receiver)))).Code);
        Assert.IsType<Verdict.Registered>(Decide(Invoice(), report: Valid(envelope: Envelope("0007:5569876542", Buyer))));
    }

    [Fact]
    public void A_figure_the_records_cannot_hold_is_refused_before_matching()
    {
        Assert.Equal("OTH", Refusal(Decide(Invoice(quantity: 1e12m))).Code);
    }

    [Fact]
    public void A_number_the_seller_used_before_is_refused_saying_when()
    {
        var records = new Records { Used = { [(Seller, "F-1")] = "2024-06-01 09:15" } };
        var reason = Refusal(Decide(Invoice(), records));
        Assert.Equal("REF", reason.Code);
        Assert.Equal("Nummer F-1 är redan använt av 5569876542 för ett annat dokument (mottaget 2024-06-01 09:15).", reason.Text);
        // A seller that is not a provider is told that, not about its numbers.
        records.Providers.Clear();
        Assert.Equal("UNR", Refusal(Decide(Invoice(), records)).Code);
    }

    [Theory]
    [InlineData("unknown-seller", "UNR")]
    [InlineData("wrong-buyer", "REC")]
    [InlineData("euro", "PRI")]
    [InlineData("two-lines", "ITM")]
    [InlineData("no-order", "REF")]
    [InlineData("unknown-order", "REF")]
    [InlineData("other-provider", "REF")]
    [InlineData("unknown-line", "REF")]
    public void An_invoice_that_cannot_be_tied_to_one_line_of_the_sellers_order_is_refused(string what, string code)
    {
        var records = new Records();
        var facts = Invoice();
        switch (what)
        {
            case "unknown-seller": records.Providers.Clear(); break;
            case "wrong-buyer": facts = Invoice(buyer: "0007:5561234567"); break;
            case "euro": facts = facts with { Currency = "EUR" }; break;
            case "two-lines": facts = Invoice(lines: 2); break;
            case "no-order": facts = Invoice(order: null); break;
            case "unknown-order": records.Orders.Clear(); break;
            case "other-provider": records.Orders["IN240311-1"] = "5561234567"; break;
            case "unknown-line": records.Lines.Clear(); break;
        }
        Assert.Equal(code, Refusal(Decide(facts, records)).Code);
    }

    [Fact]
    public void A_full_credit_of_a_registered_invoice_is_decided_with_that_invoice()
    {
        var invoice = new CreditedInvoice("F-1", Seller, 1021.85m, 255.46m, 1277.31m, AlreadyCredited: false);
        var records = new Records { Invoices = { [(Seller, "F-1")] = invoice } };
        var credit = Assert.IsType<Verdict.Credit>(Decide(Credit(), records));
        Assert.Equal((Outcome.Credited, invoice), (credit.Decision.Outcome, credit.Invoice));
    }

    [Theory]
    [InlineData("unknown-invoice", "REF")]
    [InlineData("already-credited", "REF")]
    [InlineData("paid", "REF")]
    [InlineData("part", "PRI")]
    [InlineData("number-used", "REF")]
    public void A_credit_note_that_is_not_a_full_credit_of_an_open_unpaid_invoice_is_refused(string what, string code)
    {
        var invoice = new CreditedInvoice("F-1", Seller, 1021.85m, 255.46m, 1277.31m, AlreadyCredited: what == "already-credited", Paid: what == "paid");
        var records = new Records { Invoices = { [(Seller, "F-1")] = invoice } };
        if (what == "number-used") records.Used[(Seller, "K-1")] = "2024-06-01 09:15";
        var facts = what switch { "unknown-invoice" => Credit(references: "F-9"), "part" => Credit(payable: 100m), _ => Credit() };
        var verdict = Decide(facts, records);
        var decision = verdict is Verdict.Credit c ? c.Decision : Assert.IsType<Verdict.Refused>(verdict).Decision;
        Assert.Equal(Outcome.Rejected, decision.Outcome);
        Assert.Equal(code, decision.Reasons[0].Code);
    }

    /// <summary>The invoice as a provider sends it from one of its invoicing ids: the seller named by its legal identity, the endpoint another id.</summary>
    private static InvoiceFacts FromId(string endpoint, string? companyId = Seller, string? vat = null) =>
        Invoice(seller: endpoint) with { SellerCompanyId = companyId, SellerVatNumber = vat };

    [Theory]
    [InlineData(Seller, null)]               // tied by the organisation number of PartyLegalEntity/CompanyID
    [InlineData(null, "SE556987654201")]     // or by the one inside the Swedish VAT number
    public void An_invoice_from_a_registered_invoicing_id_is_tied_to_the_seller_by_its_legal_identity_and_registered(string? companyId, string? vat)
    {
        var report = Valid(envelope: Envelope("0088:7300010000001", Buyer));
        Assert.Equal(new Verdict.Registered("IN240311-1", 3), Decide(FromId("0088:7300010000001", companyId, vat), report: report));
    }

    [Fact]
    public void A_known_sellers_invoice_from_an_id_it_has_not_registered_is_refused_UNR_naming_the_id()
    {
        var report = Valid(envelope: Envelope("0088:7350000000009", Buyer));
        var reason = Refusal(Decide(FromId("0088:7350000000009"), report: report));
        Assert.Equal("UNR", reason.Code);
        Assert.Contains("0088:7350000000009", reason.Text);
        Assert.Contains("inte registrerat för leverantör 5569876542", reason.Text);
    }

    [Fact]
    public void Another_providers_id_does_not_carry_this_sellers_invoice()
    {
        // 0007:5561234567 is a provider's own id, but not this seller's: the legal identity decides, the endpoint must be the seller's.
        var records = new Records { Providers = [Seller, "5561234567"], Ids = { ("5561234567", "0007:5561234567") } };
        var reason = Refusal(Decide(FromId("0007:5561234567"), records, Valid(envelope: Envelope("0007:5561234567", Buyer))));
        Assert.Equal("UNR", reason.Code);
        Assert.Contains("0007:5561234567", reason.Text);
    }
}
