using System.Xml;
using System.Xml.Linq;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The sequence of an Invoice's and a CreditNote's top-level elements, read from the UBL 2.1 maindoc
/// schemas (the element references of the document type, in order), for inserting a part where the
/// schema wants it.
/// </summary>
internal static class UblOrder
{
    private static readonly XNamespace Xsd = "http://www.w3.org/2001/XMLSchema";

    public static readonly string[] Invoice = Read("Invoice"), CreditNote = Read("CreditNote");

    private static string[] Read(string document)
    {
        // The maindoc schemas carry no DTD; read them as any document from outside.
        using var reader = XmlReader.Create(Conformance.PathTo("ubl-2.1", "xsd", "maindoc", $"UBL-{document}-2.1.xsd"),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader).Root!.Elements(Xsd + "complexType").Single(t => (string?)t.Attribute("name") == document + "Type")
            .Descendants(Xsd + "element").Select(e => ((string)e.Attribute("ref")!).Split(':')[1]).ToArray();
    }
}
