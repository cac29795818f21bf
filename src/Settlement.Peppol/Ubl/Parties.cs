using System.Xml.Serialization;
using static Settlement.Peppol.Ubl.UblNamespaces;

namespace Settlement.Peppol.Ubl;

// The party aggregates shared by Order, Invoice, CreditNote and ApplicationResponse.
// Element order follows the UBL 2.1 schema sequence; null properties are simply not written.

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class CustomerParty { [XmlElement(Namespace = Cac)] public Party? Party { get; set; } }
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class SupplierParty { [XmlElement(Namespace = Cac)] public Party? Party { get; set; } }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Party
{
    [XmlElement(Namespace = Cbc)] public Identifier? EndpointID { get; set; }
    [XmlElement(Namespace = Cac)] public List<PartyIdentification> PartyIdentification { get; set; } = [];
    [XmlElement(Namespace = Cac)] public List<PartyName> PartyName { get; set; } = [];
    [XmlElement(Namespace = Cac)] public Address? PostalAddress { get; set; }
    [XmlElement(Namespace = Cac)] public List<PartyTaxScheme> PartyTaxScheme { get; set; } = [];
    [XmlElement(Namespace = Cac)] public List<PartyLegalEntity> PartyLegalEntity { get; set; } = [];
    [XmlElement(Namespace = Cac)] public Contact? Contact { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class PartyIdentification { [XmlElement(Namespace = Cbc)] public Identifier? ID { get; set; } }
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class PartyName { [XmlElement(Namespace = Cbc)] public string? Name { get; set; } }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Address
{
    [XmlElement(Namespace = Cbc)] public string? StreetName { get; set; }
    [XmlElement(Namespace = Cbc)] public string? AdditionalStreetName { get; set; }
    [XmlElement(Namespace = Cbc)] public string? CityName { get; set; }
    [XmlElement(Namespace = Cbc)] public string? PostalZone { get; set; }
    [XmlElement(Namespace = Cac)] public Country? Country { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Country { [XmlElement(Namespace = Cbc)] public string? IdentificationCode { get; set; } }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class PartyTaxScheme
{
    [XmlElement(Namespace = Cbc)] public string? CompanyID { get; set; }
    [XmlElement(Namespace = Cac)] public TaxScheme TaxScheme { get; set; } = new();
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class TaxScheme { [XmlElement(Namespace = Cbc)] public string? ID { get; set; } = "VAT"; }

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class PartyLegalEntity
{
    [XmlElement(Namespace = Cbc)] public string? RegistrationName { get; set; }
    [XmlElement(Namespace = Cbc)] public Identifier? CompanyID { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Contact
{
    [XmlElement(Namespace = Cbc)] public string? Name { get; set; }
    [XmlElement(Namespace = Cbc)] public string? Telephone { get; set; }
    [XmlElement(Namespace = Cbc)] public string? ElectronicMail { get; set; }
}
