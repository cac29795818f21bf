using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>EN 16931's VAT category rules (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O): the part of <see cref="EnRules"/> that repeats per category.</summary>
internal static partial class EnRules
{
    private static bool Is(XElement? category, string code) => category.Cbc("ID").N() == code;
    private static IEnumerable<XElement> LineCategories(RuleContext c) => c.Lines.SelectMany(l => l.Cac("Item").Cacs("ClassifiedTaxCategory"));
    private static IEnumerable<XElement> AllowanceCategories(RuleContext c, bool charge) => DocAllowances(c, charge).SelectMany(a => a.Cacs("TaxCategory"));
    private static IEnumerable<XElement> SubtotalCategories(RuleContext c) => Subtotals(c).SelectMany(s => s.Cacs("TaxCategory"));

    /// <summary>Σ line net (category, optionally rate) + Σ document charges − Σ document allowances of that category.</summary>
    private static decimal CategoryBase(RuleContext c, string code, decimal? rate) => CategoryLines(c, code, rate) + CategoryAllowances(c, code, rate);

    private static bool OfCategory(XElement? t, string code, decimal? rate) => Is(t, code) && (rate is null || t.Cbc("Percent").Dec() == rate);

    /// <summary>Σ net amount of the document's lines of the category (and rate).</summary>
    private static decimal CategoryLines(RuleContext c, string code, decimal? rate) =>
        c.Lines.Where(l => l.Cac("Item").Cacs("ClassifiedTaxCategory").Any(t => OfCategory(t, code, rate))).Select(l => l.Cbc("LineExtensionAmount")).Sum();

    /// <summary>Σ document charges − Σ document allowances of the category (and rate).</summary>
    private static decimal CategoryAllowances(RuleContext c, string code, decimal? rate)
    {
        var charges = c.Root.Cacs("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").IsTrue() && a.Cacs("TaxCategory").Any(t => OfCategory(t, code, rate))).Select(a => a.Cbc("Amount")).Sum();
        var allowances = c.Root.Cacs("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").IsFalse() && a.Cacs("TaxCategory").Any(t => OfCategory(t, code, rate))).Select(a => a.Cbc("Amount")).Sum();
        return charges - allowances;
    }

    private static IEnumerable<Rule> StandardRated()
    {
        const string n = "Standard rated";
        yield return R.Fatal("BR-S-01", B, $"An Invoice that contains an Invoice line, a Document level allowance or a Document level charge where the VAT category code is \"{n}\" shall contain in the VAT breakdown at least one VAT category code equal with \"{n}\".",
            R.Root, (c, _) =>
            {
                var used = c.CacAll("AllowanceCharge").SelectMany(a => a.Cacs("TaxCategory")).Count(t => Is(t, "S")) + c.CacAll("ClassifiedTaxCategory").Count(t => Is(t, "S"));
                var breakdown = SubtotalCategories(c).Count(t => Is(t, "S"));
                return used > 0 ? breakdown > 0 : breakdown == 0;
            });
        yield return R.Fatal("BR-S-02", B, $"An Invoice that contains an Invoice line where the Invoiced item VAT category code is \"{n}\" shall contain the Seller VAT Identifier, the Seller tax registration identifier and/or the Seller tax representative VAT identifier.",
            // Unlike its siblings, the official test's "no such line" branch has no tax scheme filter: an "S" item
            // category under another scheme (GST…) makes the rule demand a VAT one, so it fires.
            R.Root, (c, _) => !c.CacAll("ClassifiedTaxCategory").Any(t => Is(t, "S")) || (c.CacAll("ClassifiedTaxCategory").Any(t => Is(t, "S") && IsVat(t)) && SellerHasAnyTaxId(c)));
        yield return R.Fatal("BR-S-03", B, $"An Invoice that contains a Document level allowance where the Document level allowance VAT category code is \"{n}\" shall contain the Seller VAT Identifier, the Seller tax registration identifier and/or the Seller tax representative VAT identifier.",
            R.Root, (c, _) => !c.CacAll("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").IsFalse()).SelectMany(a => a.Cacs("TaxCategory")).Any(t => Is(t, "S") && IsVat(t)) || SellerHasAnyTaxId(c));
        yield return R.Fatal("BR-S-04", B, $"An Invoice that contains a Document level charge where the Document level charge VAT category code is \"{n}\" shall contain the Seller VAT Identifier, the Seller tax registration identifier and/or the Seller tax representative VAT identifier.",
            R.Root, (c, _) => !c.CacAll("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").IsTrue()).SelectMany(a => a.Cacs("TaxCategory")).Any(t => Is(t, "S") && IsVat(t)) || SellerHasAnyTaxId(c));
        yield return R.Fatal("BR-S-05", B, $"In an Invoice line where the Invoiced item VAT category code is \"{n}\" the Invoiced item VAT rate shall be greater than zero.",
            c => LineCategories(c).Where(t => Is(t, "S") && IsVat(t)), (_, t) => t.Cbc("Percent").Num() > 0);
        yield return R.Fatal("BR-S-06", B, $"In a Document level allowance where the Document level allowance VAT category code is \"{n}\" the Document level allowance VAT rate shall be greater than zero.",
            c => AnyAllowanceCategories(c, false).Where(t => Is(t, "S") && IsVat(t)), (_, t) => t.Cbc("Percent").Num() > 0);
        yield return R.Fatal("BR-S-07", B, $"In a Document level charge where the Document level charge VAT category code is \"{n}\" the Document level charge VAT rate shall be greater than zero.",
            c => AnyAllowanceCategories(c, true).Where(t => Is(t, "S") && IsVat(t)), (_, t) => t.Cbc("Percent").Num() > 0);
        yield return R.Fatal("BR-S-08", B, $"For each different value of VAT category rate where the VAT category code is \"{n}\", the VAT category taxable amount in a VAT breakdown shall equal the sum of Invoice line net amounts plus the sum of document level charge amounts minus the sum of document level allowance amounts where the VAT category code is \"{n}\" and the VAT rate equals the VAT category rate.",
            c => SubtotalCategories(c).Where(t => Is(t, "S") && IsVat(t)), (c, t) =>
            {
                if (t.Cbc("Percent").Dec() is not { } rate) return true;
                // As written officially: one branch sums invoice lines, the other credit note lines, and either
                // holds when an allowance or charge (at any level) has the rate; the other line type is absent.
                var usedByAllowance = c.CacAll("AllowanceCharge").SelectMany(a => a.Cacs("TaxCategory")).Any(x => OfCategory(x, "S", rate));
                var usedByLine = LineCategories(c).Any(x => OfCategory(x, "S", rate));
                var taxable = t.Parent.Cbc("TaxableAmount")?.Value;
                var allowances = CategoryAllowances(c, "S", rate);
                return ((usedByLine || usedByAllowance) && ExactDouble.WithinOne(taxable, CategoryLines(c, "S", rate) + allowances)) ||
                       (usedByAllowance && ExactDouble.WithinOne(taxable, allowances));
            });
        yield return R.Fatal("BR-S-09", B, $"The VAT category tax amount in a VAT breakdown where VAT category code is \"{n}\" shall equal the VAT category taxable amount multiplied by the VAT category rate.",
            c => SubtotalCategories(c).Where(t => Is(t, "S") && IsVat(t)), (_, t) => TaxIsRateTimesBase(t));
        yield return R.Fatal("BR-S-10", B, $"A VAT breakdown with VAT Category \"{n}\" shall not have a VAT exemption reason code or VAT exemption reason text.",
            c => SubtotalCategories(c).Where(t => Is(t, "S") && IsVat(t)), (_, t) => !t.HasCbc("TaxExemptionReason") && !t.HasCbc("TaxExemptionReasonCode"));
    }

    /// <summary>
    /// The -09 rule of the categories with a rate (S, L, M) on a breakdown's TaxCategory: |tax| within ±1 of
    /// round2(|taxable| × rate / 100); fails when an amount or the rate is missing, as the official test does.
    /// </summary>
    private static bool TaxIsRateTimesBase(XElement category)
    {
        if (category.Parent.Cbc("TaxAmount").Dec() is not { } tax || category.Parent.Cbc("TaxableAmount").Dec() is not { } taxable || category.Cbc("Percent").Dec() is not { } pct) return false;
        var expected = Xp.Round2(Math.Abs(taxable) * (pct / 100m));
        return Math.Abs(tax) - 1 < expected && Math.Abs(tax) + 1 > expected;
    }

    /// <summary>Rules 01–10 of the zero-rate categories (Z, E, AE, K, G): one breakdown, rate 0, tax 0, base = the category's lines.</summary>
    private static IEnumerable<Rule> ZeroRated(string code, string prefix, string name, Func<RuleContext, bool> sellerId, bool buyerIdToo) =>
        ZeroRatedRules(code, prefix, name, sellerId, buyerIdToo).Select(r => r with { When = c => c.Categories.Contains(code) });

    private static IEnumerable<Rule> ZeroRatedRules(string code, string prefix, string name, Func<RuleContext, bool> sellerId, bool buyerIdToo)
    {
        bool Ids(RuleContext c) => sellerId(c) && (!buyerIdToo || BuyerHasVatId(c) || (code == "AE" && Customer(c).Cacs("PartyLegalEntity").Any(l => l.HasCbc("CompanyID"))));
        bool Of(XElement t) => Is(t, code) && IsVat(t);
        yield return R.Fatal($"{prefix}-01", B, $"An Invoice that contains an Invoice line, a Document level allowance or a Document level charge where the VAT category code is \"{name}\" shall contain in the VAT breakdown exactly one VAT category code equal with \"{name}\".",
            R.Root, (c, _) => !(c.CacAll("TaxCategory").Any(Of) || c.CacAll("ClassifiedTaxCategory").Any(Of)) || SubtotalCategories(c).Count(Of) == 1);
        yield return R.Fatal($"{prefix}-02", B, $"An Invoice that contains an Invoice line where the Invoiced item VAT category code is \"{name}\" shall contain the required Seller (and Buyer) VAT identifiers.",
            R.Root, (c, _) => !c.CacAll("ClassifiedTaxCategory").Any(Of) || Ids(c));
        yield return R.Fatal($"{prefix}-03", B, $"An Invoice that contains a Document level allowance where the Document level allowance VAT category code is \"{name}\" shall contain the required Seller (and Buyer) VAT identifiers.",
            R.Root, (c, _) => !c.CacAll("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").IsFalse()).SelectMany(a => a.Cacs("TaxCategory")).Any(Of) || Ids(c));
        yield return R.Fatal($"{prefix}-04", B, $"An Invoice that contains a Document level charge where the Document level charge VAT category code is \"{name}\" shall contain the required Seller (and Buyer) VAT identifiers.",
            R.Root, (c, _) => !c.CacAll("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").IsTrue()).SelectMany(a => a.Cacs("TaxCategory")).Any(Of) || Ids(c));
        yield return R.Fatal($"{prefix}-05", B, $"In an Invoice line where the Invoiced item VAT category code is \"{name}\" the Invoiced item VAT rate shall be 0 (zero).",
            c => LineCategories(c).Where(Of), (_, t) => t.Cbc("Percent").Dec() == 0);
        yield return R.Fatal($"{prefix}-06", B, $"In a Document level allowance where the Document level allowance VAT category code is \"{name}\" the Document level allowance VAT rate shall be 0 (zero).",
            c => AnyAllowanceCategories(c, false).Where(Of), (_, t) => t.Cbc("Percent").Dec() == 0);
        yield return R.Fatal($"{prefix}-07", B, $"In a Document level charge where the Document level charge VAT category code is \"{name}\" the Document level charge VAT rate shall be 0 (zero).",
            c => AnyAllowanceCategories(c, true).Where(Of), (_, t) => t.Cbc("Percent").Dec() == 0);
        yield return R.Fatal($"{prefix}-08", B, $"In a VAT breakdown where the VAT category code is \"{name}\" the VAT category taxable amount shall equal the sum of Invoice line net amounts minus document level allowances plus document level charges where the VAT category code is \"{name}\".",
            c => SubtotalCategories(c).Where(Of), (c, t) => t.Parent.Cbc("TaxableAmount").Dec() == CategoryBase(c, code, null));
        yield return R.Fatal($"{prefix}-09", B, $"The VAT category tax amount in a VAT breakdown where the VAT category code is \"{name}\" shall equal 0 (zero).",
            c => SubtotalCategories(c).Where(Of), (_, t) => t.Parent.Cbc("TaxAmount").Dec() == 0);
        yield return code == "Z"
            ? R.Fatal("BR-Z-10", B, "A VAT breakdown with VAT Category \"Zero rated\" shall not have a VAT exemption reason code or VAT exemption reason text.",
                c => SubtotalCategories(c).Where(Of), (_, t) => !t.HasCbc("TaxExemptionReason") && !t.HasCbc("TaxExemptionReasonCode"))
            : R.Fatal($"{prefix}-10", B, $"A VAT breakdown with VAT Category \"{name}\" shall have a VAT exemption reason code or a VAT exemption reason text.",
                c => SubtotalCategories(c).Where(Of), (_, t) => t.HasCbc("TaxExemptionReason") || t.HasCbc("TaxExemptionReasonCode"));
    }

    /// <summary>BR-O (not subject to VAT): no VAT identifiers, no rate, nothing else in the breakdown.</summary>
    private static IEnumerable<Rule> NotSubject()
    {
        const string n = "Not subject to VAT";
        static bool Of(XElement t) => Is(t, "O") && IsVat(t);
        static bool NoVatIds(RuleContext c) => !SellerHasVatId(c) && !BuyerHasVatId(c);
        yield return R.Fatal("BR-O-01", B, $"An Invoice that contains an Invoice line, a Document level allowance or a Document level charge where the VAT category code is \"{n}\" shall contain exactly one VAT breakdown group with the VAT category code equal to \"{n}\".",
            R.Root, (c, _) => !(c.CacAll("TaxCategory").Any(Of) || c.CacAll("ClassifiedTaxCategory").Any(Of)) || SubtotalCategories(c).Count(Of) == 1);
        yield return R.Fatal("BR-O-02", B, $"An Invoice that contains an Invoice line where the Invoiced item VAT category code is \"{n}\" shall not contain the Seller VAT identifier, the Seller tax representative VAT identifier or the Buyer VAT identifier.",
            R.Root, (c, _) => !c.CacAll("ClassifiedTaxCategory").Any(Of) || NoVatIds(c));
        yield return R.Fatal("BR-O-03", B, $"An Invoice that contains a Document level allowance where the VAT category code is \"{n}\" shall not contain the Seller VAT identifier, the Seller tax representative VAT identifier or the Buyer VAT identifier.",
            R.Root, (c, _) => !AllowanceCategories(c, false).Any(Of) || NoVatIds(c));
        yield return R.Fatal("BR-O-04", B, $"An Invoice that contains a Document level charge where the VAT category code is \"{n}\" shall not contain the Seller VAT identifier, the Seller tax representative VAT identifier or the Buyer VAT identifier.",
            R.Root, (c, _) => !AllowanceCategories(c, true).Any(Of) || NoVatIds(c));
        yield return R.Fatal("BR-O-05", B, $"An Invoice line where the VAT category code of the Invoiced item is \"{n}\" shall not contain an Invoiced item VAT rate.",
            c => LineCategories(c).Where(Of), (_, t) => !t.HasCbc("Percent"));
        yield return R.Fatal("BR-O-06", B, $"A Document level allowance where VAT category code is \"{n}\" shall not contain a Document level allowance VAT rate.",
            c => AnyAllowanceCategories(c, false).Where(Of), (_, t) => !t.HasCbc("Percent"));
        yield return R.Fatal("BR-O-07", B, $"A Document level charge where the VAT category code is \"{n}\" shall not contain a Document level charge VAT rate.",
            c => AnyAllowanceCategories(c, true).Where(Of), (_, t) => !t.HasCbc("Percent"));
        yield return R.Fatal("BR-O-08", B, $"In a VAT breakdown where the VAT category code is \"{n}\" the VAT category taxable amount shall equal the sum of Invoice line net amounts minus document level allowances plus document level charges where the VAT category code is \"{n}\".",
            c => SubtotalCategories(c).Where(Of), (c, t) => t.Parent.Cbc("TaxableAmount").Dec() == CategoryBase(c, "O", null));
        yield return R.Fatal("BR-O-09", B, $"The VAT category tax amount in a VAT breakdown where the VAT category code is \"{n}\" shall be 0 (zero).",
            c => SubtotalCategories(c).Where(Of), (_, t) => t.Parent.Cbc("TaxAmount").Dec() == 0);
        yield return R.Fatal("BR-O-10", B, $"A VAT breakdown with VAT Category \"{n}\" shall have a VAT exemption reason code or a VAT exemption reason text.",
            c => SubtotalCategories(c).Where(Of), (_, t) => t.HasCbc("TaxExemptionReason") || t.HasCbc("TaxExemptionReasonCode"));
        yield return R.Fatal("BR-O-11", B, $"An Invoice that contains a VAT breakdown group with a VAT category code \"{n}\" shall not contain other VAT breakdown groups.",
            R.Root, (c, _) => !SubtotalCategories(c).Any(Of) || !SubtotalCategories(c).Any(t => IsVat(t) && !Is(t, "O")));
        yield return R.Fatal("BR-O-12", B, $"An Invoice that contains a VAT breakdown group with a VAT category code \"{n}\" shall not contain an Invoice line where the Invoiced item VAT category code is not \"{n}\".",
            R.Root, (c, _) => !SubtotalCategories(c).Any(Of) || !c.CacAll("ClassifiedTaxCategory").Any(t => IsVat(t) && !Is(t, "O")));
        yield return R.Fatal("BR-O-13", B, $"An Invoice that contains a VAT breakdown group with a VAT category code \"{n}\" shall not contain Document level allowances where Document level allowance VAT category code is not \"{n}\".",
            R.Root, (c, _) => !SubtotalCategories(c).Any(Of) || !c.CacAll("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").IsFalse()).SelectMany(a => a.Cacs("TaxCategory")).Any(t => IsVat(t) && !Is(t, "O")));
        yield return R.Fatal("BR-O-14", B, $"An Invoice that contains a VAT breakdown group with a VAT category code \"{n}\" shall not contain Document level charges where Document level charge VAT category code is not \"{n}\".",
            R.Root, (c, _) => !SubtotalCategories(c).Any(Of) || !c.CacAll("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").IsTrue()).SelectMany(a => a.Cacs("TaxCategory")).Any(t => IsVat(t) && !Is(t, "O")));
    }
}
