using System.Text;
using System.Xml.Linq;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Responses;
using Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The logic rules of release 2026.5 that the Schematron sources here lack and that have no
/// official unit tests (PEPPOL-COMMON-R052…R057, PEPPOL-T01-R035, PEPPOL-T111-R008): on documents
/// broken for each, and on their valid counterparts, our validator and the official artefact fire
/// the same ids.
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public class ReleaseLogicRulesTests
{
    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;

    private static XElement Order() => XElement.Parse(Encoding.UTF8.GetString(UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay))));
    private static XElement Response() => XElement.Parse(Encoding.UTF8.GetString(UblWriter.Write(InvoiceResponseBuilder.Build(WrittenDocumentsTests.Response("AP")))));
    private static XElement Party(XElement order, string role) => order.Element(Cac + role)!.Element(Cac + "Party")!;

    /// <summary>The seller's party identifier under another scheme.</summary>
    private static XElement SellerId(string scheme, string value)
    {
        var o = Order();
        var id = Party(o, "SellerSupplierParty").Element(Cac + "PartyIdentification")!.Element(Cbc + "ID")!;
        id.SetAttributeValue("schemeID", scheme);
        id.Value = value;
        return o;
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> Cases()
    {
        yield return ("R052-bad", SellerId("0096", "12345"), "PEPPOL-COMMON-R052", true);
        yield return ("R052-good", SellerId("0096", "1234567890"), "PEPPOL-COMMON-R052", false);
        yield return ("R053-bad", SellerId("0198", "DK12"), "PEPPOL-COMMON-R053", true);
        yield return ("R053-good", SellerId("0198", "DK12345678"), "PEPPOL-COMMON-R053", false);
        yield return ("R054-bad", SellerId("0106", "1234"), "PEPPOL-COMMON-R054", true);
        yield return ("R054-good", SellerId("0106", "12345678"), "PEPPOL-COMMON-R054", false);
        yield return ("R055-bad", SellerId("0190", "1234"), "PEPPOL-COMMON-R055", true);
        yield return ("R057-bad", SellerId("0217", "1234"), "PEPPOL-COMMON-R057", true);
        yield return ("R057-good", SellerId("0217", "123456789012"), "PEPPOL-COMMON-R057", false);
        var o = Order();
        var endpoint = Party(o, "SellerSupplierParty").Element(Cbc + "EndpointID")!;
        endpoint.SetAttributeValue("schemeID", "9944");
        endpoint.Value = "NL12345";
        yield return ("R056-1-bad", o, "PEPPOL-COMMON-R056-1", true);
        o = Order();
        Party(o, "BuyerCustomerParty").Element(Cac + "PartyTaxScheme")!.Element(Cbc + "CompanyID")!.Value = "NL12345";
        yield return ("R056-2-bad", o, "PEPPOL-COMMON-R056-2", true);
        o = Order();
        Party(o, "BuyerCustomerParty").Element(Cac + "PartyTaxScheme")!.Element(Cbc + "CompanyID")!.Value = "NL123456789B12";
        yield return ("R056-2-good", o, "PEPPOL-COMMON-R056-2", false);
        o = Order();
        o.Element(Cac + "OrderLine")!.Element(Cac + "LineItem")!.AddAfterSelf(new XElement(Cac + "QuotationLineReference", new XElement(Cbc + "LineID", "1")));
        yield return ("T01-R035-bad", o, "PEPPOL-T01-R035", true);
        var r = Response();
        r.Element(Cbc + "ProfileID")!.Value = "urn:fdc:peppol.eu:poacc:bis:ordering:3";
        yield return ("T111-R008-bad", r, "PEPPOL-T111-R008", true);
        yield return ("T111-R008-good", Response(), "PEPPOL-T111-R008", false);
    }

    [Fact]
    public void Each_rule_fires_here_exactly_where_it_fires_officially() => RuleCases.AssertAgreeWithTheOfficialArtefacts(Cases());
}
