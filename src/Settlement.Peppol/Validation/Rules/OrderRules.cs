using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>PEPPOL BIS Order only 3 rules (transaction T01, PEPPOL-T01-*), ported from PEPPOL-M-T01.sch.</summary>
internal static class OrderRules
{
    private const Docs O = Docs.Order;
    private static readonly string[] AmountNames = ["Amount", "TaxAmount", "LineExtensionAmount", "PriceAmount", "BaseAmount"];

    /// <summary>cbc:Amount | cbc:TaxAmount | cbc:LineExtensionAmount | cbc:PriceAmount | cbc:BaseAmount | cac:AnticipatedMonetaryTotal/cbc:*.</summary>
    private static IEnumerable<XElement> Amounts(RuleContext c)
    {
        var set = new HashSet<XElement>(AmountNames.SelectMany(c.CbcAll));
        foreach (var t in c.CacAll("AnticipatedMonetaryTotal")) foreach (var e in t.Elements()) if (e.Name.NamespaceName == Ubl.UblNamespaces.Cbc) set.Add(e);
        return c.AllElements.Where(set.Contains);
    }

    private static decimal RoundedSum(IEnumerable<XElement?> amounts) => Xp.Round2(amounts.Sum());

    private static IEnumerable<XElement> DocAllowances(RuleContext c) => c.Root.Cacs("AllowanceCharge");
    private static IEnumerable<XElement> LineItems(RuleContext c) => c.Root.Cacs("OrderLine").SelectMany(l => l.Cacs("LineItem"));
    private static IEnumerable<XElement> DocAndLineAllowances(RuleContext c) => DocAllowances(c).Concat(LineItems(c).SelectMany(l => l.Cacs("AllowanceCharge")));
    private static bool R020Context(XElement a) => a.HasCbc("MultiplierFactorNumeric") && !a.HasCbc("BaseAmount");
    private static bool R021Context(XElement a) => !a.HasCbc("MultiplierFactorNumeric") && a.HasCbc("BaseAmount");

    private static decimal? Sum(IEnumerable<XElement> allowances, string indicator)
    {
        var chosen = allowances.Where(a => a.Cbc("ChargeIndicator").N() == indicator).ToList();
        return chosen.Count == 0 ? 0m : RoundedSum(chosen.Select(a => a.Cbc("Amount")));
    }

    public static IEnumerable<Rule> All() =>
    [
        R.Fatal("PEPPOL-T01-R031", O, "An order transaction SHALL use profile order only, ordering or advanced_ordering.",
            c => c.CbcAll("ProfileID"), (_, e) => CodeLists.OrderProfiles.Contains(e.N())),
        R.Fatal("PEPPOL-T01-R034", O, "Specification identifier SHALL start with the value 'urn:fdc:peppol.eu:poacc:trns:order:3'.",
            c => c.CbcAll("CustomizationID"), (_, e) => e.N().StartsWith("urn:fdc:peppol.eu:poacc:trns:order:3", StringComparison.Ordinal)),
        R.Fatal("PEPPOL-T01-R003", O, "An order SHALL be stated in a single currency",
            Amounts, (c, e) => e.Attribute("currencyID") is not { } a || (c.Root.HasCbc("DocumentCurrencyCode") && a.Value == c.DocumentCurrency)),
        R.Fatal("PEPPOL-T01-R028", O, "Elements of data type amount cannot have more than 2 decimals (I.e. all amounts except unit price amounts)",
            Amounts, (_, e) => e.Ancestors().Any(a => a.Name.LocalName == "Price") || e.AtMostTwoDecimals()),
        R.Warn("PEPPOL-T01-R002", O, "An order SHOULD provide information about its validity end date.",
            R.Root, (_, e) => e.Cacs("ValidityPeriod").Any(p => p.HasCbc("EndDate"))),
        R.Fatal("PEPPOL-T01-R014", O, "An order SHALL have the originator party name or an identifier",
            c => c.CacAll("OriginatorCustomerParty"), (_, e) =>
                e.Cacs("Party").Any(p => p.Cacs("PartyName").Any(n => n.HasCbc("Name")) || p.Cacs("PartyIdentification").Any(i => i.HasCbc("ID")))),
        R.Fatal("PEPPOL-T01-R026", O, "When TAX is VAT then Party VAT identifiers SHALL have a prefix in accordance with ISO code ISO 3166-1 alpha-2 by which the country of issue may be identified. Nevertheless, Greece may use the prefix 'EL'.",
            c => c.CacAll("PartyTaxScheme").Where(s => s.Cacs("TaxScheme").Any(t => t.Cbcs("ID").Any(i => i.Value == "VAT"))),
            (_, s) => CodeLists.OrderVatPrefixes.Contains(Prefix(s.Cbc("CompanyID").S()), StringComparison.Ordinal)),

        // Anticipated monetary total
        Total("PEPPOL-T01-R006", "Expected total amount for payment SHALL NOT be negative", (c, t) => t.Cbc("PayableAmount").Dec() >= 0),
        Total("PEPPOL-T01-R007", "Expected total sum of line amounts SHALL NOT be negative", (c, t) => t.Cbc("LineExtensionAmount").Dec() >= 0),
        Total("PEPPOL-T01-R008", "Expected total sum of line amounts SHALL equal the sum of the order line amounts at order line level",
            (c, t) => t.Cbc("LineExtensionAmount").Dec() == SumLineAmounts(c)),
        Total("PEPPOL-T01-R009", "Expected total sum of allowance at document level SHALL be equal to the sum of allowance amounts at document level",
            (c, t) => (t.HasCbc("AllowanceTotalAmount") ? t.Cbc("AllowanceTotalAmount").Dec() : 0m) == Sum(DocAllowances(c), "false")),
        Total("PEPPOL-T01-R010", "Expected total sum of charges at document level SHALL be equal to the sum of charge amounts at document level",
            (c, t) => (t.HasCbc("ChargeTotalAmount") ? t.Cbc("ChargeTotalAmount").Dec() : 0m) == Sum(DocAllowances(c), "true")),
        Total("PEPPOL-T01-R011", "Expected total amount without TAX = Expected total sum of line amounts - Sum of allowances on document level + Sum of charges on document level",
            (c, t) => TaxExclusive(t) is { } x && Net(t) is { } n && x == n),
        Total("PEPPOL-T01-R016", "Amount due for payment = Invoice total amount with TAX - Paid amount + Rounding amount.",
            (c, t) => t.Cbc("TaxInclusiveAmount").Dec() is not { } incl || incl == 0 ||
                      t.Cbc("PayableAmount").Dec() == incl - (t.HasCbc("PrepaidAmount") ? t.Cbc("PrepaidAmount").Dec() : 0m) + (t.HasCbc("PayableRoundingAmount") ? t.Cbc("PayableRoundingAmount").Dec() : 0m)),
        Total("PEPPOL-T01-R017", "Expected total amount with TAX = Expected total amount without TAX + Order total TAX amount.",
            (c, t) =>
            {
                if (t.Cbc("TaxInclusiveAmount").Dec() is not { } incl || incl == 0 || !c.Root.HasCac("TaxTotal")) return true;
                var tax = c.Root.Cac("TaxTotal").Cbc("TaxAmount") is { } ta ? ta.Dec() : 0m;
                return TaxExclusive(t) is { } excl && tax is { } tx && incl == excl + tx;
            }),

        // Allowances and charges
        R.Fatal("PEPPOL-T01-R020", O, "Allowance/charge base amount SHALL be provided when allowance/charge percentage is provided.",
            c => c.CacAll("AllowanceCharge").Where(R020Context), (_, _) => false),
        R.Fatal("PEPPOL-T01-R021", O, "Allowance/charge percentage SHALL be provided when allowance/charge base amount is provided.",
            c => DocAndLineAllowances(c).Where(a => !R020Context(a) && R021Context(a)), (_, _) => false),
        R.Fatal("PEPPOL-T01-R022", O, "Allowance/charge amount SHALL equal base amount * percentage/100 if base amount and percentage exists",
            c => DocAndLineAllowances(c).Where(a => !R020Context(a) && !R021Context(a)), (_, a) =>
            {
                if (!(a.HasCbc("MultiplierFactorNumeric") && a.HasCbc("BaseAmount"))) return true;
                var amount = a.HasCbc("Amount") ? a.Cbc("Amount").Dec() : 0m;
                return amount is { } x && a.Cbc("BaseAmount").Dec() is { } b && a.Cbc("MultiplierFactorNumeric").Dec() is { } m && Xp.Slack(x, b * m / 100m, 0.02m);
            }),
        R.Fatal("PEPPOL-T01-R023", O, "Each document or line level allowance SHALL have an allowance reason text or an allowance reason code.",
            c => DocAndLineAllowances(c).Where(a => !R020Context(a) && !R021Context(a)), (_, a) => a.HasCbc("AllowanceChargeReason") || a.HasCbc("AllowanceChargeReasonCode")),
        R.Fatal("PEPPOL-T01-R032", O, "Allowance or charge amounts SHALL NOT be negative.",
            c => DocAndLineAllowances(c).Where(a => !R020Context(a) && !R021Context(a)), (_, a) => a.Cbc("Amount").Num() >= 0),

        // Tax categories
        R.Fatal("PEPPOL-T01-R029", O, "Each Tax Category SHALL have a TAX category rate, except if the order is not subject to TAX.",
            c => c.CacAll("TaxCategory").Concat(c.CacAll("ClassifiedTaxCategory")), (_, t) => t.HasCbc("Percent") || t.Cbc("ID").N() == "O"),
        R.Fatal("PEPPOL-T01-R030", O, "When TAX category code is \"Standard rated\" (S) the TAX rate SHALL be greater than zero.",
            c => c.CacAll("TaxCategory").Concat(c.CacAll("ClassifiedTaxCategory")), (_, t) => t.Cbc("ID").N() != "S" || t.Cbcs("Percent").Any(p => Xp.Num(p) > 0)),

        // Lines
        R.Fatal("PEPPOL-T01-R024", O, "Order line net amount SHALL equal (Ordered quantity * (Item net price/item price base quantity) + Order line charge amount - Order line allowance amount",
            c => c.CacAll("LineItem").Where(l => l.ParentIs("OrderLine")), (_, l) => LineAmountHolds(l)),
        R.Fatal("PEPPOL-T01-R025", O, "Base quantity SHALL be a positive number above zero.",
            c => c.CacAll("LineItem").Where(l => l.ParentIs("OrderLine")), (_, l) => l.Cac("Price").Cbc("BaseQuantity") is not { } q || q.Dec() > 0),
        R.Fatal("PEPPOL-T01-R001", O, "Each order line SHALL have a document line identifier that is unique within the order.",
            c => c.CacAll("LineItem").Where(l => l.ParentIs("OrderLine")), (c, l) =>
            {
                var ids = l.Cbcs("ID").Select(i => i.Value).ToHashSet();
                return c.CacAll("LineItem").Count(o => o.Cbcs("ID").Any(i => ids.Contains(i.Value))) == 1;
            }),
        R.Fatal("PEPPOL-T01-R004", O, "Each order line ordered quantity SHALL not be negative",
            c => c.CacAll("LineItem").Where(l => l.ParentIs("OrderLine")), (_, l) => l.Cbc("Quantity").Num() >= 0),
        R.Warn("PEPPOL-T01-R013", O, "Each order line SHOULD have an ordered quantity",
            c => c.CacAll("LineItem").Where(l => l.ParentIs("OrderLine")), (_, l) => l.HasCbc("Quantity")),

        // Price
        R.Fatal("PEPPOL-T01-R019", O, "Item net price SHALL equal (Gross price - Allowance amount) when gross price is provided.",
            c => c.CacAll("AllowanceCharge").Where(a => a.ParentIs("Price") && !R020Context(a)), (_, a) =>
                !a.HasCbc("BaseAmount") || (a.Parent.Cbc("PriceAmount").Dec() is { } p && a.Cbc("BaseAmount").Dec() is { } g && a.Cbc("Amount").Dec() is { } x && p == g - x)),
        R.Fatal("PEPPOL-T01-R005", O, "Each order line item net price SHALL not be negative",
            c => c.CacAll("Price"), (_, p) => p.Cbc("PriceAmount").Num() >= 0),
        R.Fatal("PEPPOL-T01-R027", O, "The Item gross price SHALL NOT be negative.",
            c => c.CacAll("Price"), (_, p) => !p.Cacs("AllowanceCharge").Any(a => a.HasCbc("BaseAmount")) ||
                p.Cacs("AllowanceCharge").SelectMany(a => a.Cbcs("BaseAmount")).Any(b => Xp.Num(b) >= 0)),
        R.Fatal("PEPPOL-T01-R033", O, "Allowance or charge amounts SHALL NOT be negative.",
            c => c.CacAll("Price"), (_, p) => p.Cacs("AllowanceCharge").SelectMany(a => a.Cbcs("Amount")).FirstOrDefault() is not { } a || a.Num() >= 0),
        R.Fatal("PEPPOL-T01-R035", O, "The quotation document reference MUST be provided when referencing a quotation line",
            c => c.CbcAll("LineID").Where(e => e.ParentIs("QuotationLineReference")), (c, _) => c.Root.Cacs("QuotationDocumentReference").Any(q => q.HasCbc("ID"))),
        R.Fatal("PEPPOL-T01-CL001", O, "Reason code MUST be according to subset of UNCL 5189 D.16B.",
            c => c.CbcAll("AllowanceChargeReasonCode").Where(r => r.Parent is { } a && a.IsCac("AllowanceCharge") && a.Cbcs("ChargeIndicator").Any(i => i.Value == "false")),
            (_, e) => CodeLists.OrderUncl5189.Contains(Xp.Norm(e.Text()))),
        R.Fatal("PEPPOL-T01-CL002", O, "Reason code MUST be according to UNCL 7161 D.16B.",
            c => c.CbcAll("AllowanceChargeReasonCode").Where(r => r.Parent is { } a && a.IsCac("AllowanceCharge") && a.Cbcs("ChargeIndicator").Any(i => i.Value == "true")),
            (_, e) => CodeLists.OrderUncl7161.Contains(Xp.Norm(e.Text()))),
    ];

    private static string Prefix(string s) => s.Length >= 2 ? s[..2] : s;

    private static Rule Total(string id, string message, Func<RuleContext, XElement, bool> test) =>
        R.Fatal(id, O, message, c => c.CacAll("AnticipatedMonetaryTotal"), test);

    private static decimal SumLineAmounts(RuleContext c)
    {
        var amounts = LineItems(c).SelectMany(l => l.Cbcs("LineExtensionAmount")).ToList();
        return amounts.Count == 0 ? 0m : RoundedSum(amounts);
    }

    private static decimal? Net(XElement t)
    {
        var line = t.Cbc("LineExtensionAmount").Dec();
        var allowance = t.HasCbc("AllowanceTotalAmount") ? t.Cbc("AllowanceTotalAmount").Dec() : 0m;
        var charge = t.HasCbc("ChargeTotalAmount") ? t.Cbc("ChargeTotalAmount").Dec() : 0m;
        return line - allowance + charge;
    }

    private static decimal? TaxExclusive(XElement t) => t.HasCbc("TaxExclusiveAmount") ? t.Cbc("TaxExclusiveAmount").Dec() : Net(t);

    private static bool LineAmountHolds(XElement l)
    {
        var net = l.HasCbc("LineExtensionAmount") ? l.Cbc("LineExtensionAmount").Dec() : 0m;
        var qty = l.HasCbc("Quantity") ? l.Cbc("Quantity").Dec() : 1m;
        var price = l.Cac("Price") is { } p && p.HasCbc("PriceAmount") ? p.Cbc("PriceAmount").Dec() : 0m;
        var bqEl = l.Cac("Price").Cbc("BaseQuantity");
        decimal? bq = bqEl is null ? 1m : bqEl.Dec() is { } b ? (b != 0 ? b : 1m) : null;
        if (net is null || qty is null || price is null || bq is null) return false;
        var allowances = Sum(l.Cacs("AllowanceCharge"), "false")!.Value;
        var charges = Sum(l.Cacs("AllowanceCharge"), "true")!.Value;
        return Xp.Slack(net.Value, qty.Value * (price.Value / bq.Value) + charges - allowances, 0.02m);
    }
}
