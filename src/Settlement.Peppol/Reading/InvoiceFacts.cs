using System.Xml.Linq;
using NodaTime;
using Settlement.Peppol.Validation;
using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Reading;

/// <summary>One invoice or credit note line as matching needs it. Absent or unreadable values are null.</summary>
public sealed record LineFacts(
    string? Id,
    string? OrderLineId,
    decimal? Quantity,
    string? UnitCode,
    decimal? Price,
    decimal? BaseQuantity,
    decimal? LineAmount,
    string? VatCategory,
    decimal? VatPercent,
    string? ItemName);

/// <summary>
/// The facts of an inbound invoice or credit note that matching decides on: who sent it, which order
/// and line it claims, what it charges. Read from the UBL document after validation, so a null here
/// means the document did not carry the value (and validation has already said so where it must).
/// </summary>
public sealed record InvoiceFacts(
    DocumentType Type,
    string? Id,
    LocalDate? IssueDate,
    LocalDate? DueDate,
    string? Currency,
    string? SellerEndpoint,
    string? SellerCompanyId,
    string? SellerName,
    string? BuyerEndpoint,
    string? OrderNumber,
    string? ProjectReference,
    string? CreditedInvoiceId,
    IReadOnlyList<LineFacts> Lines,
    decimal? LineExtensionTotal,
    decimal? TaxExclusiveTotal,
    decimal? TaxTotal,
    decimal? PayableAmount)
{
    /// <summary>The document's type code (BT-3: InvoiceTypeCode or CreditNoteTypeCode), e.g. 380, 381.</summary>
    public string? TypeCode { get; init; }

    /// <summary>The seller's VAT identifier (BT-31: PartyTaxScheme/CompanyID under TaxScheme VAT), or null.</summary>
    public string? SellerVatNumber { get; init; }

    /// <summary>Reads the facts of an Invoice or CreditNote root element; null for any other document.</summary>
    public static InvoiceFacts? From(XElement document)
    {
        var type = InboundReader.TypeOf(document);
        if (type is not (DocumentType.Invoice or DocumentType.CreditNote)) return null;
        var lineName = type == DocumentType.Invoice ? "InvoiceLine" : "CreditNoteLine";
        var quantityName = type == DocumentType.Invoice ? "InvoicedQuantity" : "CreditedQuantity";
        var seller = document.Cac("AccountingSupplierParty").Cac("Party");
        var buyer = document.Cac("AccountingCustomerParty").Cac("Party");
        var totals = document.Cac("LegalMonetaryTotal");
        var lines = document.Cacs(lineName).Select(l =>
        {
            var tax = l.Cac("Item").Cac("ClassifiedTaxCategory");
            var quantity = l.Cbc(quantityName);
            return new LineFacts(
                NullIfEmpty(l.Cbc("ID").N()),
                NullIfEmpty(l.Cac("OrderLineReference").Cbc("LineID").N()),
                quantity.Dec(),
                NullIfEmpty(quantity?.Attribute("unitCode")?.Value.Trim() ?? ""),
                l.Cac("Price").Cbc("PriceAmount").Dec(),
                l.Cac("Price").Cbc("BaseQuantity").Dec(),
                l.Cbc("LineExtensionAmount").Dec(),
                NullIfEmpty(tax.Cbc("ID").N()),
                tax.Cbc("Percent").Dec(),
                NullIfEmpty(l.Cac("Item").Cbc("Name").N()));
        }).ToList();
        return new InvoiceFacts(
            type.Value,
            NullIfEmpty(document.Cbc("ID").N()),
            Date(document.Cbc("IssueDate")),
            Date(document.Cbc("DueDate")) ?? Date(document.Cac("PaymentMeans").Cbc("PaymentDueDate")),
            NullIfEmpty(document.Cbc("DocumentCurrencyCode").N()),
            Endpoint(seller),
            NullIfEmpty(seller.Cac("PartyLegalEntity").Cbc("CompanyID").N()),
            NullIfEmpty(seller.Cac("PartyLegalEntity").Cbc("RegistrationName").N()),
            Endpoint(buyer),
            NullIfEmpty(document.Cac("OrderReference").Cbc("ID").N()),
            NullIfEmpty(document.Cac("ProjectReference").Cbc("ID").N()),
            NullIfEmpty(document.Cac("BillingReference").Cac("InvoiceDocumentReference").Cbc("ID").N()),
            lines,
            totals.Cbc("LineExtensionAmount").Dec(),
            totals.Cbc("TaxExclusiveAmount").Dec(),
            document.Cacs("TaxTotal").Select(t => t.Cbc("TaxAmount")).FirstOrDefault(a => a is not null).Dec(),
            totals.Cbc("PayableAmount").Dec())
        {
            TypeCode = NullIfEmpty(document.Cbc(type == DocumentType.Invoice ? "InvoiceTypeCode" : "CreditNoteTypeCode").N()),
            SellerVatNumber = NullIfEmpty(seller.Cacs("PartyTaxScheme").FirstOrDefault(t => t.Cac("TaxScheme").Cbc("ID").N() == "VAT").Cbc("CompanyID").N()),
        };
    }

    /// <summary>
    /// The seller's legal identity, its organisation number, which ties the document to a provider: the
    /// legal entity's company id, else the organisation number inside a Swedish VAT number, else a 0007
    /// endpoint. The endpoint comes last because a provider may invoice from any of its registered
    /// ids (issue 17): the endpoint says where the document came from, not who the seller is.
    /// </summary>
    public string? SellerOrganisationNumber =>
        SellerCompanyId?.Replace("-", "") is { Length: > 0 } company ? company
        : SellerVatNumber is { } vat && Identifiers.SchemeIdentifierChecks.IsSwedishVatNumber(vat) ? vat[2..12]
        : SellerEndpoint is { } e && e.StartsWith("0007:", StringComparison.Ordinal) ? e[5..] : null;

    private static string? Endpoint(XElement? party)
    {
        var endpoint = party.Cbc("EndpointID");
        if (endpoint is null) return null;
        var scheme = endpoint.Attribute("schemeID")?.Value.Trim();
        var value = endpoint.N();
        return value.Length == 0 ? null : string.IsNullOrEmpty(scheme) ? value : $"{scheme}:{value}";
    }

    private static LocalDate? Date(XElement? e) => Ubl.UblFormat.ParseDate(e.N());

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
