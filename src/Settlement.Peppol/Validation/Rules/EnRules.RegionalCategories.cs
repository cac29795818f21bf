using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// EN 16931's VAT categories that belong to one country's tax: IGIC (L, Canary Islands, BR-AF), IPSI
/// (M, Ceuta and Melilla, BR-AG), both with a rate like "Standard rated", and Split payment (B, Italy,
/// BR-B). Each test follows its official assert, quirks included (where a branch compares the raw
/// <c>cbc:ID</c> or leaves out the tax scheme filter), so the verdicts are the artefact's.
/// </summary>
internal static partial class EnRules
{
    /// <summary>The two rate-based Spanish categories. RawBreakdownNoVat: BR-AF-01 counts breakdowns by the raw ID under any scheme; RawChargeTrigger: BR-AF-04's "no such charge" branch compares the raw ID.</summary>
    private static readonly (string Code, string Name, bool RawBreakdownNoVat, bool RawChargeTrigger, string[] Ids)[] RegionalRated =
    [
        ("L", "IGIC", true, true, ["BR-AF-01", "BR-AF-02", "BR-AF-03", "BR-AF-04", "BR-AF-05", "BR-AF-06", "BR-AF-07", "BR-AF-08", "BR-AF-09", "BR-AF-10"]),
        ("M", "IPSI", false, false, ["BR-AG-01", "BR-AG-02", "BR-AG-03", "BR-AG-04", "BR-AG-05", "BR-AG-06", "BR-AG-07", "BR-AG-08", "BR-AG-09", "BR-AG-10"]),
    ];

    private static IEnumerable<Rule> RegionalCategories() =>
        RegionalRated.SelectMany(f => RegionalRatedRules(f.Code, f.Name, f.RawBreakdownNoVat, f.RawChargeTrigger, f.Ids).Select(r => r with { When = c => c.Categories.Contains(f.Code) }))
            .Concat(SplitPayment().Select(r => r with { When = c => c.Categories.Contains("B") }));

    /// <summary>Every TaxCategory of an AllowanceCharge at any level (the official contexts and tests use <c>//cac:AllowanceCharge</c>).</summary>
    private static IEnumerable<XElement> AnyAllowanceCategories(RuleContext c, bool charge) =>
        c.CacAll("AllowanceCharge").Where(a => charge ? a.Cbc("ChargeIndicator").IsTrue() : a.Cbc("ChargeIndicator").IsFalse()).SelectMany(a => a.Cacs("TaxCategory"));

    private static IEnumerable<Rule> RegionalRatedRules(string code, string n, bool rawBreakdownNoVat, bool rawChargeTrigger, string[] id)
    {
        bool Of(XElement t) => Is(t, code) && IsVat(t);
        bool Raw(XElement t) => t.Cbcs("ID").Any(i => i.Value == code); // cbc:ID = 'L': untrimmed
        yield return R.Fatal(id[0], B, $"An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"{n}\" shall contain in the VAT breakdown (BG-23) at least one VAT category code (BT-118) equal with \"{n}\".",
            R.Root, (c, _) =>
            {
                var used = c.CacAll("AllowanceCharge").SelectMany(a => a.Cacs("TaxCategory")).Any(Of) || c.CacAll("ClassifiedTaxCategory").Any(Of);
                return used ? SubtotalCategories(c).Any(t => Raw(t) && (rawBreakdownNoVat || IsVat(t))) : !SubtotalCategories(c).Any(Of);
            });
        yield return R.Fatal(id[1], B, $"An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"{n}\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
            R.Root, (c, _) => !c.CacAll("ClassifiedTaxCategory").Any(Of) || SellerHasAnyTaxId(c));
        yield return R.Fatal(id[2], B, $"An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"{n}\" shall contain the Seller VAT Identifier (BT-31), the Seller {(code == "L" ? "tax" : "Tax")} registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
            R.Root, (c, _) => !AnyAllowanceCategories(c, false).Any(Of) || SellerHasAnyTaxId(c));
        yield return R.Fatal(id[3], B, $"An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"{n}\" shall contain the Seller VAT Identifier (BT-31), the Seller Tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
            R.Root, (c, _) => !AnyAllowanceCategories(c, true).Any(t => Of(t) && (!rawChargeTrigger || Raw(t))) || SellerHasAnyTaxId(c));
        yield return R.Fatal(id[4], B, $"In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"{n}\" the {(code == "L" ? "invoiced" : "Invoiced")} item VAT rate (BT-152) shall be 0 (zero) or greater than zero.",
            c => LineCategories(c).Where(Of), (_, t) => t.Cbcs("Percent").Any(p => p.Num() >= 0));
        yield return R.Fatal(id[5], B, $"In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"{n}\" the Document level allowance VAT rate (BT-96) shall be 0 (zero) or greater than zero.",
            c => AnyAllowanceCategories(c, false).Where(Of), (_, t) => t.Cbcs("Percent").Any(p => p.Num() >= 0));
        yield return R.Fatal(id[6], B, $"In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"{n}\" the Document level charge VAT rate (BT-103) shall be 0 (zero) or greater than zero.",
            c => AnyAllowanceCategories(c, true).Where(Of), (_, t) => t.Cbcs("Percent").Any(p => p.Num() >= 0));
        yield return R.Fatal(id[7], B, $"For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is \"{n}\", the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is \"{n}\" and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).",
            c => SubtotalCategories(c).Where(Of), (c, t) =>
                t.Cbc("Percent").Dec() is not { } rate || (c.Lines.Count > 0 && ExactDouble.WithinOne(t.Parent.Cbc("TaxableAmount")?.Value, CategoryBase(c, code, rate))));
        yield return R.Fatal(id[8], B, $"The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where VAT category code (BT-118) is \"{n}\" shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).",
            c => SubtotalCategories(c).Where(Of), (_, t) => TaxIsRateTimesBase(t));
        yield return R.Fatal(id[9], B, $"A VAT breakdown (BG-23) with VAT Category code (BT-118) \"{n}\" shall not have a VAT exemption reason code (BT-121) or VAT exemption reason text (BT-120).",
            c => SubtotalCategories(c).Where(Of), (_, t) => !t.HasCbc("TaxExemptionReason") && !t.HasCbc("TaxExemptionReasonCode"));
    }

    /// <summary>BR-B (Split payment, Italy): only in a domestic Italian invoice, never together with "Standard rated". The official tests compare the raw ID, under any tax scheme.</summary>
    private static IEnumerable<Rule> SplitPayment()
    {
        static bool Raw(XElement t, string code) => t.Cbcs("ID").Any(i => i.Value == code);
        static bool Anywhere(RuleContext c, string code) => c.CacAll("TaxCategory").Any(t => Raw(t, code)) || c.CacAll("ClassifiedTaxCategory").Any(t => Raw(t, code));
        static bool DocumentLevel(RuleContext c, string code) =>
            Subtotals(c).SelectMany(s => s.Cacs("TaxCategory")).Any(t => Raw(t, code)) || c.Root.Cacs("AllowanceCharge").SelectMany(a => a.Cacs("TaxCategory")).Any(t => Raw(t, code)) ||
            c.CacAll("ClassifiedTaxCategory").Any(t => Raw(t, code));
        yield return R.Fatal("BR-B-01", B, "An Invoice where the VAT category code (BT-151, BT-95 or BT-102) is “Split payment” shall be a domestic Italian invoice.",
            R.Root, (c, _) => !Anywhere(c, "B") || c.CbcAll("IdentificationCode").All(e => e.Value == "IT"));
        yield return R.Fatal("BR-B-02", B, "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95, BT-118 or BT-102) is “Split payment\" shall not contain an invoice line (BG-25), a Document level allowance (BG-20) or  a Document level charge (BG-21) where the VAT category code (BT-151, BT-95, BT-118 or BT-102) is “Standard rated”.",
            R.Root, (c, _) => !DocumentLevel(c, "B") || !DocumentLevel(c, "S"));
    }
}
