using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Orders;
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
