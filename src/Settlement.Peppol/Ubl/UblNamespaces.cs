using System.Xml.Linq;
using System.Xml.Serialization;

namespace Settlement.Peppol.Ubl;

/// <summary>The UBL 2.1 namespaces, and the prefixes every document the service writes uses (cac, cbc).</summary>
public static class UblNamespaces
{
    public const string Cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    public const string Cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    public const string Order = "urn:oasis:names:specification:ubl:schema:xsd:Order-2";
    public const string Invoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    public const string CreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    public const string ApplicationResponse = "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2";

    public static readonly XNamespace CacX = Cac, CbcX = Cbc;

    /// <summary>Default namespace = the document's, plus cac and cbc; nothing else (no xsi/xsd noise).</summary>
    public static XmlSerializerNamespaces For(string documentNamespace)
    {
        var ns = new XmlSerializerNamespaces();
        ns.Add("", documentNamespace);
        ns.Add("cac", Cac);
        ns.Add("cbc", Cbc);
        return ns;
    }
}
