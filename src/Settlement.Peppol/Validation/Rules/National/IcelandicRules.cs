using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The Icelandic national rules of PEPPOL BIS Billing 3 (IS-R-001 … IS-R-010), as release 2026.5's
/// PEPPOL-EN16931-UBL.xslt applies them: to a document whose seller's postal address country is
/// exactly 'IS' (the artefact's $SupplierCountry, neither trimmed nor upper-cased); IS-R-004/005 also
/// need the buyer's to be 'IS'. Every rule is guarded once per document (<see cref="Rule.When"/>).
/// </summary>
/// <remarks>
/// The artefact compares codes and descriptions raw (<c>cbc:PaymentMeansCode = '9'</c>,
/// <c>cbc:DocumentDescription = 'EINDAGI'</c>), so these do too. Where it applies a one-value
/// function to several nodes (two EINDAGI references, two code-9 accounts) XPath raises a type error;
/// here that surfaces as an exception, which the validator counts as the rule failing.
/// </remarks>
internal static class IcelandicRules
{
    private const Docs B = Docs.Billing;

    public static IEnumerable<Rule> All() =>
    [
        .. SellerRules().Select(r => r with { When = IcelandicSeller }),
        .. BuyerRules().Select(r => r with { When = c => IcelandicSeller(c) && IcelandicBuyer(c) }),
    ];

    private static bool IcelandicSeller(RuleContext c) => c.Memo("isSeller", ctx => CountryIs(ctx.Root.Cac("AccountingSupplierParty")));
    private static bool IcelandicBuyer(RuleContext c) => c.Memo("isBuyer", ctx => CountryIs(ctx.Root.Cac("AccountingCustomerParty")));

    private static bool CountryIs(XElement? role) =>
        ArtefactCountries.AddressCountry(role.Cac("Party")) == "IS";

    private static IEnumerable<Rule> SellerRules() =>
    [
        R.Warn("IS-R-001", B, "If seller is icelandic then invoice type should be 380 or 381 — Ef seljandi er íslenskur þá ætti gerð reiknings (BT-3) að vera sölureikningur (380) eða kreditreikningur (381).",
            R.Root, (_, d) => d.Cbc("InvoiceTypeCode").N() is "380" or "381" || d.Cbc("CreditNoteTypeCode").N() is "380" or "381"),
        R.Fatal("IS-R-002", B, "If seller is icelandic then it shall contain sellers legal id — Ef seljandi er íslenskur þá skal reikningur innihalda íslenska kennitölu seljanda (BT-30).",
            R.Root, (_, d) => HasKennitala(d.Cac("AccountingSupplierParty"))),
        R.Fatal("IS-R-003", B, "If seller is icelandic then it shall contain his address with street name and zip code — Ef seljandi er íslenskur þá skal heimilisfang seljanda innihalda götuheiti og póstnúmer (BT-35 og BT-38).",
            R.Root, (_, d) => HasStreetAndZip(d.Cac("AccountingSupplierParty"))),
        R.Fatal("IS-R-006", B, "If seller is icelandic and payment means code is 9 then a 12 digit account id must exist — Ef seljandi er íslenskur og greiðslumáti (BT-81) er krafa (kóti 9) þá skal koma fram 12 stafa númer (bankanúmer, höfuðbók 66 og reikningsnúmer) (BT-84)",
            R.Root, (_, d) => TwelveCharacterAccount(d, "9")),
        R.Fatal("IS-R-007", B, "If seller is icelandic and payment means code is 42 then a 12 digit account id must exist — Ef seljandi er íslenskur og greiðslumáti (BT-81) er millifærsla (kóti 42) þá skal koma fram 12 stafa reikningnúmer (BT-84)",
            R.Root, (_, d) => TwelveCharacterAccount(d, "42")),
        R.Fatal("IS-R-008", B, "If seller is icelandic and invoice contains supporting description EINDAGI then the id form must be YYYY-MM-DD — Ef seljandi er íslenskur þá skal eindagi (BT-122, DocumentDescription = EINDAGI) vera á forminu YYYY-MM-DD.",
            R.Root, (_, d) => !EindagiGiven(d) || Eindagi(d) is { Count: > 0 } ids && IdentifierChecks.IsIsoDate(ids.Single().Value)),
        R.Fatal("IS-R-009", B, "If seller is icelandic and invoice contains supporting description EINDAGI invoice must have due date — Ef seljandi er íslenskur þá skal reikningur sem inniheldur eindaga (BT-122, DocumentDescription = EINDAGI) einnig hafa gjalddaga (BT-9).",
            R.Root, (_, d) => !EindagiGiven(d) || d.HasCbc("DueDate")),
        R.Fatal("IS-R-010", B, "If seller is icelandic and invoice contains supporting description EINDAGI the id date must be same or later than due date — Ef seljandi er íslenskur þá skal eindagi (BT-122, DocumentDescription = EINDAGI) skal vera sami eða síðar en gjalddagi (BT-9) ef eindagi er til staðar.",
            R.Root, (_, d) => !EindagiGiven(d) || DueNoLaterThanEindagi(d)),
    ];

    private static IEnumerable<Rule> BuyerRules() =>
    [
        R.Fatal("IS-R-004", B, "If seller and buyer are icelandic then the invoice shall contain the buyers icelandic legal identifier — Ef seljandi og kaupandi eru íslenskir þá skal reikningurinn innihalda íslenska kennitölu kaupanda (BT-47).",
            c => c.Root.Cacs("AccountingCustomerParty"), (_, e) => HasKennitala(e)),
        R.Fatal("IS-R-005", B, "If seller and buyer are icelandic then the invoice shall contain the buyers address with street name and zip code — Ef seljandi og kaupandi eru íslenskir þá skal heimilisfang kaupanda innihalda götuheiti og póstnúmer (BT-50 og BT-53)",
            c => c.Root.Cacs("AccountingCustomerParty"), (_, e) => HasStreetAndZip(e)),
    ];

    /// <summary>A legal registration id under scheme 0196 (the Icelandic kennitala) on the party of a supplier or customer role.</summary>
    private static bool HasKennitala(XElement? role) =>
        role.Cacs("Party").SelectMany(p => p.Cacs("PartyLegalEntity")).SelectMany(l => l.Cbcs("CompanyID"))
            .Any(id => (string?)id.Attribute("schemeID") == "0196");

    /// <summary>A street name and a postal zone in the role's party address (present, possibly blank, as the artefact only tests exists()).</summary>
    private static bool HasStreetAndZip(XElement? role)
    {
        var addresses = role.Cacs("Party").SelectMany(p => p.Cacs("PostalAddress")).ToList();
        return addresses.Any(a => a.HasCbc("StreetName")) && addresses.Any(a => a.HasCbc("PostalZone"));
    }

    /// <summary>IS-R-006/007: when a payment means has the code, its account id is there and has 12 characters once normalized.</summary>
    private static bool TwelveCharacterAccount(XElement d, string code)
    {
        var means = d.Cacs("PaymentMeans").Where(p => p.Cbcs("PaymentMeansCode").Any(m => m.Value == code)).ToList();
        if (means.Count == 0) return true;
        var ids = means.SelectMany(p => p.Cacs("PayeeFinancialAccount")).SelectMany(a => a.Cbcs("ID")).ToList();
        return ids.Count > 0 && ids.Single().N().EnumerateRunes().Count() == 12;
    }

    /// <summary>The IDs of the AdditionalDocumentReferences described as EINDAGI (the Icelandic final due date).</summary>
    private static List<XElement> Eindagi(XElement d) =>
        d.Cacs("AdditionalDocumentReference").Where(r => r.Cbcs("DocumentDescription").Any(x => x.Value == "EINDAGI"))
            .SelectMany(r => r.Cbcs("ID")).ToList();

    private static bool EindagiGiven(XElement d) =>
        d.Cacs("AdditionalDocumentReference").Any(r => r.Cbcs("DocumentDescription").Any(x => x.Value == "EINDAGI"));

    /// <summary>
    /// IS-R-010's <c>cbc:DueDate &lt;= …/cbc:ID</c>: two untyped values, so XPath compares them as
    /// strings (code point order), true when any pair satisfies it.
    /// </summary>
    private static bool DueNoLaterThanEindagi(XElement d)
    {
        var ids = Eindagi(d);
        return d.Cbcs("DueDate").Any(due => ids.Any(id => string.CompareOrdinal(due.Value, id.Value) <= 0));
    }
}
