using System.Xml.Serialization;
using static Settlement.Peppol.Ubl.UblNamespaces;

namespace Settlement.Peppol.Ubl;

/// <summary>UBL 2.1 Order as PEPPOL BIS Order only 3 (T01) uses it; only the parts the service writes.</summary>
[XmlRoot("Order", Namespace = UblNamespaces.Order)]
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Order
{
    public const string Customization = "urn:fdc:peppol.eu:poacc:trns:order:3";
    public const string Profile = "urn:fdc:peppol.eu:poacc:bis:order_only:3";

    [XmlElement(Namespace = Cbc)] public string? CustomizationID { get; set; } = Customization;
    [XmlElement(Namespace = Cbc)] public string? ProfileID { get; set; } = Profile;
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? IssueDate { get; set; }
    [XmlElement(Namespace = Cbc)] public string? IssueTime { get; set; }
    [XmlElement(Namespace = Cbc)] public string? OrderTypeCode { get; set; } = "220";
    [XmlElement(Namespace = Cbc)] public List<string> Note { get; set; } = [];
    [XmlElement(Namespace = Cbc)] public string? DocumentCurrencyCode { get; set; }
    [XmlElement(Namespace = Cbc)] public string? CustomerReference { get; set; }
    [XmlElement(Namespace = Cac)] public Period? ValidityPeriod { get; set; }
    [XmlElement(Namespace = Cac)] public Contract? Contract { get; set; }
    [XmlElement(Namespace = Cac)] public ProjectReference? ProjectReference { get; set; }
    [XmlElement(Namespace = Cac)] public CustomerParty? BuyerCustomerParty { get; set; }
    [XmlElement(Namespace = Cac)] public SupplierParty? SellerSupplierParty { get; set; }
    [XmlElement(Namespace = Cac)] public TaxTotal? TaxTotal { get; set; }
    [XmlElement(Namespace = Cac)] public MonetaryTotal? AnticipatedMonetaryTotal { get; set; }
    [XmlElement(Namespace = Cac)] public List<OrderLine> OrderLine { get; set; } = [];
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class OrderLine
{
    [XmlElement(Namespace = Cbc)] public string? Note { get; set; }
    [XmlElement(Namespace = Cac)] public LineItem? LineItem { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class LineItem
{
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public Quantity? Quantity { get; set; }
    [XmlElement(Namespace = Cbc)] public Amount? LineExtensionAmount { get; set; }
    [XmlElement(Namespace = Cac)] public Delivery? Delivery { get; set; }
    [XmlElement(Namespace = Cac)] public Price? Price { get; set; }
    [XmlElement(Namespace = Cac)] public Item? Item { get; set; }
}
