using System.Xml.Serialization;
using static Settlement.Peppol.Ubl.UblNamespaces;

namespace Settlement.Peppol.Ubl;

// Aggregates shared by the documents: tax, totals, periods, prices, items, references, payment.

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class TaxCategory
{
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? Percent { get; set; }
    [XmlElement(Namespace = Cbc)] public string? TaxExemptionReasonCode { get; set; }
    [XmlElement(Namespace = Cbc)] public string? TaxExemptionReason { get; set; }
    [XmlElement(Namespace = Cac)] public TaxScheme TaxScheme { get; set; } = new();
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class TaxTotal
{
    [XmlElement(Namespace = Cbc)] public Amount? TaxAmount { get; set; }
    [XmlElement(Namespace = Cac)] public List<TaxSubtotal> TaxSubtotal { get; set; } = [];
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class TaxSubtotal
{
    [XmlElement(Namespace = Cbc)] public Amount? TaxableAmount { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? TaxAmount { get; set; }
    [XmlElement(Namespace = Cac)] public TaxCategory? TaxCategory { get; set; }
}

/// <summary>AnticipatedMonetaryTotal (Order) and LegalMonetaryTotal (Invoice, CreditNote).</summary>
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class MonetaryTotal
{
    [XmlElement(Namespace = Cbc)] public Amount? LineExtensionAmount { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? TaxExclusiveAmount { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? TaxInclusiveAmount { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? AllowanceTotalAmount { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? ChargeTotalAmount { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? PrepaidAmount { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? PayableAmount { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Period
{
    [XmlElement(Namespace = Cbc)] public string? StartDate { get; set; }
    [XmlElement(Namespace = Cbc)] public string? EndDate { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Price
{
    [XmlElement(Namespace = Cbc)] public Amount? PriceAmount { get; set; }
    [XmlElement(Namespace = Cbc)] public Quantity? BaseQuantity { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Item
{
    [XmlElement(Namespace = Cbc)] public string? Description { get; set; }
    [XmlElement(Namespace = Cbc)] public string? Name { get; set; }
    [XmlElement(Namespace = Cac)] public ItemIdentification? SellersItemIdentification { get; set; }
    [XmlElement(Namespace = Cac)] public TaxCategory? ClassifiedTaxCategory { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class ItemIdentification { [XmlElement(Namespace = Cbc)] public string? ID { get; set; } }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Contract { [XmlElement(Namespace = Cbc)] public string? ID { get; set; } }
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class ProjectReference { [XmlElement(Namespace = Cbc)] public string? ID { get; set; } }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Delivery
{
    [XmlElement(Namespace = Cbc)] public string? ActualDeliveryDate { get; set; }
    [XmlElement(Namespace = Cac)] public Period? RequestedDeliveryPeriod { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class OrderReference { [XmlElement(Namespace = Cbc)] public string? ID { get; set; } }
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class OrderLineReference { [XmlElement(Namespace = Cbc)] public string? LineID { get; set; } }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class BillingReference { [XmlElement(Namespace = Cac)] public DocumentReference? InvoiceDocumentReference { get; set; } }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class DocumentReference
{
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? IssueDate { get; set; }
    [XmlElement(Namespace = Cbc)] public string? DocumentTypeCode { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class PaymentMeans
{
    [XmlElement(Namespace = Cbc)] public string? PaymentMeansCode { get; set; }
    [XmlElement(Namespace = Cbc)] public string? PaymentID { get; set; }
    [XmlElement(Namespace = Cac)] public FinancialAccount? PayeeFinancialAccount { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class FinancialAccount
{
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? Name { get; set; }
    [XmlElement(Namespace = Cac)] public Branch? FinancialInstitutionBranch { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Branch { [XmlElement(Namespace = Cbc)] public string? ID { get; set; } }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class PaymentTerms { [XmlElement(Namespace = Cbc)] public string? Note { get; set; } }
