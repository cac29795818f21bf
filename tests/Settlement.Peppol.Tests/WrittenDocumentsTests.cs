using System.Xml.Linq;
using NodaTime;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Responses;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Tests;

/// <summary>Every document the service writes passes the UBL 2.1 schema and the official rules for its type with no fatal finding.</summary>
public class WrittenDocumentsTests
{
    private static readonly XNamespace Cbc = UblNamespaces.Cbc, Cac = UblNamespaces.Cac;

    private static void AssertClean(byte[] bytes, DocumentType type)
    {
        var report = DocumentValidator.Validate(bytes);
        Assert.Equal(type, report.DocumentType);
        Assert.True(report.Findings.Count == 0, string.Join("\n", report.Findings));
        Assert.NotNull(UblSchemas.Set);
    }

    [Fact]
    public void The_invoice_for_one_order_line_passes_CEN_PEPPOL_and_Swedish_rules()
    {
        var bytes = UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.MayInvoice));
        AssertClean(bytes, DocumentType.Invoice);
        var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
        Assert.Equal("IN240311-1", root.Element(Cac + "OrderReference")!.Element(Cbc + "ID")!.Value);
        var line = Assert.Single(root.Elements(Cac + "InvoiceLine"));
        Assert.Equal("3", line.Element(Cac + "OrderLineReference")!.Element(Cbc + "LineID")!.Value);
        Assert.Equal("16.5", line.Element(Cbc + "InvoicedQuantity")!.Value);
        Assert.Equal("1021.85", line.Element(Cbc + "LineExtensionAmount")!.Value);
        Assert.Equal("255.46", root.Element(Cac + "TaxTotal")!.Element(Cbc + "TaxAmount")!.Value);
        Assert.Equal("1277.31", root.Element(Cac + "LegalMonetaryTotal")!.Element(Cbc + "PayableAmount")!.Value);
    }

    [Fact]
    public void A_result_invoice_without_period_or_payment_means_is_clean_too()
    {
        var request = WorkedExample.MayInvoice with
        {
            OrderNumber = WorkedExample.SpeedBonus.Number, OrderLineId = "1", ItemName = "Snabbhetspremie", Quantity = 1, UnitCode = "C62",
            Price = 7060.02m, Period = null, PayTo = null, PlacementId = null, AgreementNumber = null,
        };
        AssertClean(UblWriter.Write(InvoiceBuilder.BuildInvoice(request)), DocumentType.Invoice);
    }

    [Theory]
    [InlineData("Z", 0)]
    [InlineData("E", 0)]
    [InlineData("S", 12)]
    public void Other_VAT_categories_are_clean(string category, int percent)
    {
        var request = WorkedExample.MayInvoice with { Vat = new VatRate(category, percent) };
        AssertClean(UblWriter.Write(InvoiceBuilder.BuildInvoice(request)), DocumentType.Invoice);
    }

    [Fact]
    public void The_full_credit_note_references_the_invoice_and_is_clean()
    {
        var bytes = UblWriter.Write(InvoiceBuilder.BuildFullCredit(WorkedExample.MayInvoice, "K2024-0007", new LocalDate(2024, 6, 10)));
        AssertClean(bytes, DocumentType.CreditNote);
        var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
        Assert.Equal("381", root.Element(Cbc + "CreditNoteTypeCode")!.Value);
        Assert.Equal("F2024-0042", root.Element(Cac + "BillingReference")!.Element(Cac + "InvoiceDocumentReference")!.Element(Cbc + "ID")!.Value);
        Assert.Equal("1277.31", root.Element(Cac + "LegalMonetaryTotal")!.Element(Cbc + "PayableAmount")!.Value);
    }

    public static TheoryData<string> Responses() => new() { "AP", "RE", "UQ", "PD" };

    internal static InvoiceResponseRequest Response(string code) => code switch
    {
        "AP" => new("R-1", new LocalDate(2024, 6, 4), WorkedExample.Buyer.Party, WorkedExample.Provider.Party, "F2024-0042", DocumentType.Invoice, InvoiceResponseCode.AP),
        "RE" => new("R-2", new LocalDate(2024, 6, 4), WorkedExample.Buyer.Party, WorkedExample.Provider.Party, "F2024-0043", DocumentType.Invoice, InvoiceResponseCode.RE,
            [new StatusReason("REF", "Okänd order IN240399-9.")]),
        "UQ" => new("R-3", new LocalDate(2024, 6, 4), WorkedExample.Buyer.Party, WorkedExample.Provider.Party, "F2024-0044", DocumentType.Invoice, InvoiceResponseCode.UQ,
            [new StatusReason("QTY", "Levererat 16,50 dagar (2024-05-01–2024-05-19, avbrott 2024-05-20, praktik 5 dagar à 50 %); fakturerat 31,00 dagar.")],
            [new StatusAction("CNF", "Skicka en kreditnota på hela beloppet."), new StatusAction("NIN", "Skicka en ny faktura.")]),
        _ => new("R-4", new LocalDate(2024, 7, 3), WorkedExample.Buyer.Party, WorkedExample.Provider.Party, "F2024-0042", DocumentType.Invoice, InvoiceResponseCode.PD,
            EffectiveDate: new LocalDate(2024, 7, 3)),
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public void Invoice_responses_pass_the_schema_and_the_T111_rules(string code)
    {
        var bytes = UblWriter.Write(InvoiceResponseBuilder.Build(Response(code)));
        AssertClean(bytes, DocumentType.ApplicationResponse);
        var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
        Assert.Equal(code, root.Descendants(Cbc + "ResponseCode").Single().Value);
    }

    [Fact]
    public void A_query_carries_reason_codes_texts_and_actions()
    {
        var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(UblWriter.Write(InvoiceResponseBuilder.Build(Response("UQ"))))).Root!;
        var codes = root.Descendants(Cbc + "StatusReasonCode").Select(c => $"{c.Attribute("listID")!.Value}:{c.Value}").ToList();
        Assert.Equal(["OPStatusReason:QTY", "OPStatusAction:CNF", "OPStatusAction:NIN"], codes);
        Assert.Contains(root.Descendants(Cbc + "StatusReason"), s => s.Value.Contains("fakturerat 31,00 dagar"));
    }

    [Fact]
    public void A_rejection_without_reason_is_refused_by_the_builder()
    {
        var bad = Response("RE") with { Reasons = [] };
        Assert.Throws<ArgumentException>(() => InvoiceResponseBuilder.Build(bad));
    }

    [Fact]
    public void No_written_document_has_an_empty_element()
    {
        var docs = new[]
        {
            UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay)),
            UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.MayInvoice with { PlacementId = null, PayTo = null })),
            UblWriter.Write(InvoiceResponseBuilder.Build(Response("AP"))),
        };
        foreach (var d in docs)
        {
            var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(d)).Root!;
            Assert.DoesNotContain(root.DescendantsAndSelf(), e => !e.HasElements && string.IsNullOrWhiteSpace(e.Value));
        }
    }
}

public class TypedReadTests
{
    [Fact]
    public void A_written_invoice_reads_back_into_the_model()
    {
        var bytes = UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.MayInvoice));
        var report = DocumentValidator.Validate(bytes);
        var invoice = UblWriter.Read<Invoice>(report.Document!);
        Assert.Equal("F2024-0042", invoice.ID);
        Assert.Equal("IN240311-1", invoice.OrderReference!.ID);
        var line = Assert.Single(invoice.InvoiceLine);
        Assert.Equal("3", line.OrderLineReference!.LineID);
        Assert.Equal("DAY", line.InvoicedQuantity!.UnitCode);
        Assert.Equal("5569876542", invoice.AccountingSupplierParty!.Party!.EndpointID!.Value);
        Assert.Equal(bytes, UblWriter.Write(invoice));
    }

    [Fact]
    public void An_official_credit_note_reads_into_the_model()
    {
        var report = DocumentValidator.ValidateFile(Conformance.PathTo("peppol-billing-3", "examples", "base-creditnote-correction.xml"));
        var credit = UblWriter.Read<CreditNote>(report.Document!);
        Assert.False(string.IsNullOrEmpty(credit.ID));
        Assert.NotEmpty(credit.CreditNoteLine);
    }
}
