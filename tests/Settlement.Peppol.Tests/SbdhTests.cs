using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Responses;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Tests;

public class SbdhTests
{
    private static SbdhEnvelope Envelope(DocumentType type) => SbdhEnvelope.For(type,
        ParticipantId.Parse("0007:2021002114"), ParticipantId.Parse("0007:5569876542"),
        "7f0c5f4e-2b8e-4c1e-9d1b-2c9d6a1f0001", Instant.FromUtc(2024, 3, 11, 5, 0, 0));

    [Fact]
    public void Wrap_then_unwrap_gives_back_the_envelope_and_the_document()
    {
        var order = UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay));
        var wrapped = SbdhCodec.Wrap(order, Envelope(DocumentType.Order));
        var read = InboundReader.Read(wrapped);
        Assert.Equal(DocumentType.Order, read.Type);
        Assert.Equal(Envelope(DocumentType.Order), read.Envelope);
        Assert.Empty(read.Findings);
        Assert.Equal("IN240311-1", read.Document!.Element(System.Xml.Linq.XName.Get("ID", UblNamespaces.Cbc))!.Value);
        Assert.True(DocumentValidator.Validate(wrapped).Valid);
    }

    [Fact]
    public void The_envelope_names_the_PEPPOL_document_type_and_process()
    {
        var e = Envelope(DocumentType.Invoice);
        Assert.Equal("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1", e.DocumentTypeIdentifier);
        Assert.Equal("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0", e.ProcessIdentifier);
        var o = Envelope(DocumentType.Order);
        Assert.Equal("urn:oasis:names:specification:ubl:schema:xsd:Order-2::Order##urn:fdc:peppol.eu:poacc:trns:order:3::2.1", o.DocumentTypeIdentifier);
        Assert.Equal("urn:fdc:peppol.eu:poacc:bis:order_only:3", o.ProcessIdentifier);
        var text = System.Text.Encoding.UTF8.GetString(SbdhCodec.Wrap(UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay)), o));
        Assert.Contains("<Identifier Authority=\"iso6523-actorid-upis\">0007:2021002114</Identifier>", text);
        Assert.Contains("<CreationDateAndTime>2024-03-11T05:00:00Z</CreationDateAndTime>", text);
    }

    [Fact]
    public void Wrapping_is_deterministic() =>
        Assert.Equal(
            SbdhCodec.Wrap(UblWriter.Write(OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.SpeedBonus)), Envelope(DocumentType.Order)),
            SbdhCodec.Wrap(UblWriter.Write(OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.SpeedBonus)), Envelope(DocumentType.Order)));

    /// <summary>The envelope as parsing the payload and writing the whole document again gives it: the reference the byte splice must equal.</summary>
    private static byte[] WrappedByParsing(byte[] ubl, SbdhEnvelope envelope) =>
        SbdhCodec.Write(SbdhCodec.Wrap(System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(ubl), System.Xml.Linq.LoadOptions.PreserveWhitespace).Root!, envelope));

    public static TheoryData<string> Documents() => ["base-pay order", "speed-bonus order", "invoice", "credit note", "invoice response"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Splicing_our_documents_into_the_envelope_gives_the_same_bytes_as_parsing_them(string kind)
    {
        var (ubl, type) = kind switch
        {
            "base-pay order" => (UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay)), DocumentType.Order),
            "speed-bonus order" => (UblWriter.Write(OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.SpeedBonus)), DocumentType.Order),
            "invoice" => (UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.MayInvoice)), DocumentType.Invoice),
            "credit note" => (UblWriter.Write(InvoiceBuilder.BuildFullCredit(WorkedExample.MayInvoice, "K2024-0007", new LocalDate(2024, 6, 10))), DocumentType.CreditNote),
            _ => (UblWriter.Write(InvoiceResponseBuilder.Build(WrittenDocumentsTests.Response("RE"))), DocumentType.ApplicationResponse),
        };
        var spliced = SbdhCodec.Wrap(ubl, Envelope(type));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(WrappedByParsing(ubl, Envelope(type))), System.Text.Encoding.UTF8.GetString(spliced));
        Assert.True(DocumentValidator.Validate(spliced).Valid);
    }

    [Fact]
    public void A_document_with_a_comment_before_its_root_is_wrapped_by_parsing_it()
    {
        var ubl = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay)))
            .Replace("?>\n<Order", "?>\n<!-- from elsewhere -->\n<Order"));
        var wrapped = System.Text.Encoding.UTF8.GetString(SbdhCodec.Wrap(ubl, Envelope(DocumentType.Order)));
        Assert.DoesNotContain("from elsewhere", wrapped);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(WrappedByParsing(ubl, Envelope(DocumentType.Order))), wrapped);
    }

    [Fact]
    public void An_invalid_payload_inside_an_envelope_is_schema_checked()
    {
        var invoice = File.ReadAllText(Conformance.PathTo("peppol-billing-3", "examples", "base-example.xml"))
            .Replace("<cbc:IssueDate>", "<cbc:Bogus>x</cbc:Bogus><cbc:IssueDate>");
        var wrapped = SbdhCodec.Wrap(System.Text.Encoding.UTF8.GetBytes(invoice), Envelope(DocumentType.Invoice));
        var report = DocumentValidator.Validate(wrapped);
        Assert.Equal(DocumentType.Invoice, report.DocumentType);
        Assert.Contains(report.Findings, f => f.Rule == SettleRules.Schema);
    }

    [Fact]
    public void An_envelope_without_a_document_is_a_finding()
    {
        var xml = "<StandardBusinessDocument xmlns=\"http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader\"><StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion></StandardBusinessDocumentHeader></StandardBusinessDocument>";
        var report = DocumentValidator.Validate(System.Text.Encoding.UTF8.GetBytes(xml));
        Assert.False(report.Valid);
        Assert.Contains(report.Findings, f => f.Rule == SettleRules.Sbdh && f.Message.Contains("no document"));
    }
}
