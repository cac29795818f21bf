using System.Xml.Linq;
using Settlement.Peppol.Ubl;
using static Settlement.Peppol.Tests.NationalDocuments;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The Danish, Greek, Italian, Dutch and Norwegian rules of release 2026.5 on full documents (see
/// <see cref="NationalDocuments"/>), for what the official unit tests leave out: rules with no test
/// (DK-R-017), rules tested only one way (GR-R-001-4…7, GR-R-008-2/3, GR-S-008-1), and how each
/// set's applicability is decided (VAT prefix before address, exact or trimmed country codes). Each
/// case fires here exactly where it fires officially, and every document gets the same verdict and ids.
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public class NationalRulesTests
{
    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;

    private static XElement With(XElement d, Action<XElement> change)
    {
        change(d);
        return d;
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> DanishCases()
    {
        yield return ("DK valid", Danish(), "DK-R-017", false);
        yield return ("DK-R-017 customer CVR without scheme", With(Danish(), d => LegalId(Customer(d), "12345678", null)), "DK-R-017", true);
        yield return ("DK-R-017 customer legal id under another scheme", With(Danish(), d => LegalId(Customer(d), "DK12345678", "0198")), "DK-R-017", true);
        yield return ("DK-R-017 foreign customer", With(Danish(), d => { LegalId(Customer(d), "12345678", null); Country(Customer(d), "SE"); }), "DK-R-017", false);
        yield return ("DK-R-014 supplier CVR without scheme", With(Danish(), d => LegalId(Supplier(d), "12345678", null)), "DK-R-014", true);
        // $DKSupplierCountry is compared as written: " DK " (which BR-CL-14 accepts, trimmed) is not Danish.
        yield return ("DK-R-002 country ' DK '", With(Danish(), d => { Country(Supplier(d), " DK "); Supplier(d).Element(Cac + "PartyLegalEntity")!.Element(Cbc + "CompanyID")!.Remove(); }), "DK-R-002", false);
        yield return ("DK-R-002 no CVR", With(Danish(), d => Supplier(d).Element(Cac + "PartyLegalEntity")!.Element(Cbc + "CompanyID")!.Remove()), "DK-R-002", true);
        yield return ("DK-R-005 code 30", With(Danish(), d => d.Element(Cac + "PaymentMeans")!.Element(Cbc + "PaymentMeansCode")!.Value = "30"), "DK-R-005", true);
        yield return ("DK credit note valid", Danish("base-creditnote-correction.xml"), "DK-R-016", false);
        yield return ("DK-R-003 TST without version", With(Danish(), d => d.Descendants(Cbc + "ItemClassificationCode").First().SetAttributeValue("listID", "TST")), "DK-R-003", true);
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> GreekCases()
    {
        yield return ("GR valid", Greek(), "GR-R-001-4", false);
        foreach (var rule in new[] { "GR-R-001-1", "GR-R-001-2", "GR-R-001-3", "GR-R-001-5", "GR-R-001-6", "GR-R-001-7", "GR-R-008-2", "GR-R-008-3", "GR-R-004-1", "GR-S-008-1", "GR-S-011", "GR-R-009", "GR-R-006", "GR-R-010" })
            yield return ($"GR valid ({rule})", Greek(), rule, false);
        yield return ("GR-R-001-4 negative number", Greek(GreekTin + "|13/11/2017|-1|1.1|A|0"), "GR-R-001-4", true);
        yield return ("GR-R-001-4 not a number", Greek(GreekTin + "|13/11/2017|x|1.1|A|0"), "GR-R-001-4", true);
        yield return ("GR-R-001-5 unknown type", Greek(GreekTin + "|13/11/2017|1|9.9|A|0"), "GR-R-001-5", true);
        yield return ("GR-R-001-6 empty series", Greek(GreekTin + "|13/11/2017|1|1.1||0"), "GR-R-001-6", true);
        yield return ("GR-R-001-7 empty sixth", Greek(GreekTin + "|13/11/2017|1|1.1|A|"), "GR-R-001-7", true);
        yield return ("GR-R-001-3 other date", Greek(GreekTin + "|14/11/2017|1|1.1|A|0"), "GR-R-001-3", true);
        yield return ("GR-R-001-2 other TIN", Greek("094014201|13/11/2017|1|1.1|A|0"), "GR-R-001-2", true);
        yield return ("GR-R-008-2 two URLs", With(Greek(), d => AddDocumentReference(d, "url2", "##INVOICE|URL##", "https://example.gr/2")), "GR-R-008-2", true);
        yield return ("GR-S-008-1 two URLs", With(Greek(), d => AddDocumentReference(d, "url2", "##INVOICE|URL##", "https://example.gr/2")), "GR-S-008-1", true);
        yield return ("GR-R-008-3 URL without URI", With(Greek(), d => AddDocumentReference(d, "url2", "##INVOICE|URL##")), "GR-R-008-3", true);
        yield return ("GR-R-004-2 MARK starting with 0", With(Greek(), d => d.Element(Cac + "AdditionalDocumentReference")!.Element(Cbc + "ID")!.Value = "0123"), "GR-R-004-2", true);
        // Greek by VAT number alone: the MARK rules also need a postal address in GR, the others do not.
        yield return ("GR-R-004-1 not for an address in CY", With(Greek(), d => { Country(Supplier(d), "CY"); d.Element(Cac + "AdditionalDocumentReference")!.Remove(); }), "GR-R-004-1", false);
        yield return ("GR-R-001-6 for an address in CY", With(Greek(GreekTin + "|13/11/2017|1|1.1||0"), d => Country(Supplier(d), "CY")), "GR-R-001-6", true);
        yield return ("GR-R-010 buyer endpoint 0088", With(Greek(), d => Endpoint(Customer(d), "0088", "7300010000001")), "GR-R-010", true);
        yield return ("GR-R-010 foreign buyer", With(Greek(), d => { Endpoint(Customer(d), "0088", "7300010000001"); Vat(Customer(d), "SE4598375937"); Country(Customer(d), "SE"); }), "GR-R-010", false);
        yield return ("GR-R-009 bad TIN", With(Greek(), d => Endpoint(Supplier(d), "9933", "123456789")), "GR-R-009", true);
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> ItalianDutchNorwegianCases()
    {
        yield return ("IT valid", Italian(), "IT-R-001", false);
        yield return ("IT-R-001 lower case", With(Italian(), d => TaxScheme(Supplier(d), "TAX", "rssmra85t10a562s")), "IT-R-001", true);
        yield return ("IT-R-004 no postal zone", With(Italian(), d => Supplier(d).Descendants(Cbc + "PostalZone").Remove()), "IT-R-004", true);
        // $supplierCountry: the seller's VAT prefix decides, not the address.
        yield return ("IT-R-004 address in IT, VAT from SE", With(Italian(), d => { Vat(Supplier(d), "SE123456789701"); Supplier(d).Descendants(Cbc + "PostalZone").Remove(); }), "IT-R-004", false);
        yield return ("NL valid", Dutch(), "NL-R-009", false);
        yield return ("NL credit note valid", Dutch("base-creditnote-correction.xml"), "NL-R-001", false);
        yield return ("NL-R-009 no order reference", With(Dutch(), d => d.Element(Cac + "OrderReference")!.Remove()), "NL-R-009", true);
        yield return ("NL-R-001 credit note without invoice reference", With(Dutch("base-creditnote-correction.xml"), d => d.Element(Cac + "BillingReference")!.Remove()), "NL-R-001", true);
        yield return ("NL-R-003 legal id 0088", With(Dutch(), d => LegalId(Supplier(d), "7300010000001", "0088")), "NL-R-003", true);
        yield return ("NL-R-008 code 31", With(Dutch(), d => d.Element(Cac + "PaymentMeans")!.Element(Cbc + "PaymentMeansCode")!.Value = "31"), "NL-R-008", true);
        yield return ("NL-R-007 no payment means", With(Dutch(), d => d.Element(Cac + "PaymentMeans")!.Remove()), "NL-R-007", true);
        // $supplierCountryIsNL is trimmed (and upper-cased, which BR-CL-14 leaves no room for).
        yield return ("NL-R-009 country ' NL '", With(Dutch(), d => { d.Element(Cac + "OrderReference")!.Remove(); Country(Supplier(d), " NL "); }), "NL-R-009", true);
        yield return ("NO valid", Norwegian(), "NO-R-001", false);
        yield return ("NO valid (NO-R-002)", Norwegian(), "NO-R-002", false);
        yield return ("NO-R-001 check digit", With(Norwegian(), d => Vat(Supplier(d), "NO991825828MVA")), "NO-R-001", true);
        yield return ("NO-R-002 no Foretaksregisteret", With(Norwegian(), d => TaxScheme(Supplier(d), "TAX", null)), "NO-R-002", true);
        yield return ("NO-R-001 address in NO without VAT", With(Norwegian(), d => Vat(Supplier(d), null)), "NO-R-001", false);
    }

    [Fact]
    public void Each_rule_fires_here_exactly_where_it_fires_officially() =>
        RuleCases.AssertAgreeWithTheOfficialArtefacts(DanishCases().Concat(GreekCases()).Concat(ItalianDutchNorwegianCases()));
}
