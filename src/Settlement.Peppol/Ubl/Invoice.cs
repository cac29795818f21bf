using System.Xml.Serialization;
using static Settlement.Peppol.Ubl.UblNamespaces;

namespace Settlement.Peppol.Ubl;

/// <summary>UBL 2.1 Invoice as PEPPOL BIS Billing 3 uses it; only the parts the service writes.</summary>
[XmlRoot("Invoice", Namespace = UblNamespaces.Invoice)]
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Invoice
{
    public const string Customization = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
    public const string Profile = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

    [XmlElement(Namespace = Cbc)] public string? CustomizationID { get; set; } = Customization;
    [XmlElement(Namespace = Cbc)] public string? ProfileID { get; set; } = Profile;
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? IssueDate { get; set; }
    [XmlElement(Namespace = Cbc)] public string? DueDate { get; set; }
    [XmlElement(Namespace = Cbc)] public string? InvoiceTypeCode { get; set; } = "380";
    [XmlElement(Namespace = Cbc)] public string? Note { get; set; }
    [XmlElement(Namespace = Cbc)] public string? DocumentCurrencyCode { get; set; }
    [XmlElement(Namespace = Cbc)] public string? BuyerReference { get; set; }
    [XmlElement(Namespace = Cac)] public Period? InvoicePeriod { get; set; }
    [XmlElement(Namespace = Cac)] public OrderReference? OrderReference { get; set; }
    [XmlElement(Namespace = Cac)] public DocumentReference? ContractDocumentReference { get; set; }
    [XmlElement(Namespace = Cac)] public ProjectReference? ProjectReference { get; set; }
    [XmlElement(Namespace = Cac)] public SupplierParty? AccountingSupplierParty { get; set; }
    [XmlElement(Namespace = Cac)] public CustomerParty? AccountingCustomerParty { get; set; }
    [XmlElement(Namespace = Cac)] public PaymentMeans? PaymentMeans { get; set; }
    [XmlElement(Namespace = Cac)] public PaymentTerms? PaymentTerms { get; set; }
    [XmlElement(Namespace = Cac)] public TaxTotal? TaxTotal { get; set; }
    [XmlElement(Namespace = Cac)] public MonetaryTotal? LegalMonetaryTotal { get; set; }
    [XmlElement(Namespace = Cac)] public List<InvoiceLine> InvoiceLine { get; set; } = [];
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class InvoiceLine
{
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? Note { get; set; }
    [XmlElement(Namespace = Cbc)] public Quantity? InvoicedQuantity { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? LineExtensionAmount { get; set; }
    [XmlElement(Namespace = Cac)] public Period? InvoicePeriod { get; set; }
    [XmlElement(Namespace = Cac)] public OrderLineReference? OrderLineReference { get; set; }
    [XmlElement(Namespace = Cac)] public Item? Item { get; set; }
    [XmlElement(Namespace = Cac)] public Price? Price { get; set; }
}

/// <summary>UBL 2.1 CreditNote as PEPPOL BIS Billing 3 uses it (type 381, referencing the invoice it credits).</summary>
[XmlRoot("CreditNote", Namespace = UblNamespaces.CreditNote)]
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class CreditNote
{
    [XmlElement(Namespace = Cbc)] public string? CustomizationID { get; set; } = Invoice.Customization;
    [XmlElement(Namespace = Cbc)] public string? ProfileID { get; set; } = Invoice.Profile;
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? IssueDate { get; set; }
    [XmlElement(Namespace = Cbc)] public string? CreditNoteTypeCode { get; set; } = "381";
    [XmlElement(Namespace = Cbc)] public string? Note { get; set; }
    [XmlElement(Namespace = Cbc)] public string? DocumentCurrencyCode { get; set; }
    [XmlElement(Namespace = Cbc)] public string? BuyerReference { get; set; }
    [XmlElement(Namespace = Cac)] public Period? InvoicePeriod { get; set; }
    [XmlElement(Namespace = Cac)] public OrderReference? OrderReference { get; set; }
    [XmlElement(Namespace = Cac)] public BillingReference? BillingReference { get; set; }
    [XmlElement(Namespace = Cac)] public DocumentReference? ContractDocumentReference { get; set; }
    [XmlElement(Namespace = Cac)] public SupplierParty? AccountingSupplierParty { get; set; }
    [XmlElement(Namespace = Cac)] public CustomerParty? AccountingCustomerParty { get; set; }
    [XmlElement(Namespace = Cac)] public PaymentMeans? PaymentMeans { get; set; }
    [XmlElement(Namespace = Cac)] public PaymentTerms? PaymentTerms { get; set; }
    [XmlElement(Namespace = Cac)] public TaxTotal? TaxTotal { get; set; }
    [XmlElement(Namespace = Cac)] public MonetaryTotal? LegalMonetaryTotal { get; set; }
    [XmlElement(Namespace = Cac)] public List<CreditNoteLine> CreditNoteLine { get; set; } = [];
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class CreditNoteLine
{
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? Note { get; set; }
    [XmlElement(Namespace = Cbc)] public Quantity? CreditedQuantity { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? LineExtensionAmount { get; set; }
    [XmlElement(Namespace = Cac)] public Period? InvoicePeriod { get; set; }
    [XmlElement(Namespace = Cac)] public OrderLineReference? OrderLineReference { get; set; }
    [XmlElement(Namespace = Cac)] public Item? Item { get; set; }
    [XmlElement(Namespace = Cac)] public Price? Price { get; set; }
}
