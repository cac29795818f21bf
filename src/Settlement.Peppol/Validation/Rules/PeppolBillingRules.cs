using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// PEPPOL BIS Billing 3 rules (PEPPOL-EN16931-*), ported from PEPPOL-EN16931-UBL.sch 3.0.19.
/// Where several Schematron rules in one pattern match the same node only the first applies; the
/// contexts below keep that (for example R040/R043 skip allowances that R041 or R042 already took).
/// </summary>
internal static class PeppolBillingRules
{
    private const Docs B = Docs.Billing;

    /// <summary>
    /// $profile: the business process the release gives the document's profile identifier ("01" for
    /// billing 01, "02" for billing with response…), or "Unknown" for one it does not accept. The
    /// accepted identifiers are the artefact's, generated (<see cref="CodeLists.BillingProcesses"/>).
    /// </summary>
    public static string Profile(RuleContext c) => c.Memo("profile", ctx =>
        CodeLists.BillingProcesses.TryGetValue(ctx.Root.Cbc("ProfileID").N(), out var process) ? process : "Unknown");

    private static bool SupplierDe(RuleContext c) => c.Memo("supplierDE", ctx =>
        ctx.Root.Cac("AccountingSupplierParty").Cac("Party").Cac("PostalAddress").Cac("Country").Cbc("IdentificationCode").N().ToUpperInvariant() == "DE");
    private static bool CustomerDe(RuleContext c) => c.Memo("customerDE", ctx =>
        ctx.Root.Cac("AccountingCustomerParty").Cac("Party").Cac("PostalAddress").Cac("Country").Cbc("IdentificationCode").N().ToUpperInvariant() == "DE");
    private static bool BothDe(RuleContext c) => SupplierDe(c) && CustomerDe(c);

    /// <summary>Document-level and line-level allowances/charges (not price level).</summary>
    private static IEnumerable<XElement> DocAndLineAllowances(RuleContext c) =>
        c.Root.Cacs("AllowanceCharge").Concat(c.Lines.SelectMany(l => l.Cacs("AllowanceCharge")));

    private static bool R041Context(XElement ac) => ac.HasCbc("MultiplierFactorNumeric") && !ac.HasCbc("BaseAmount");
    private static bool R042Context(XElement ac) => !ac.HasCbc("MultiplierFactorNumeric") && ac.HasCbc("BaseAmount");

    private static readonly string[] R051Names = ["Amount", "BaseAmount", "PriceAmount", "TaxableAmount", "LineExtensionAmount", "TaxExclusiveAmount",
        "TaxInclusiveAmount", "AllowanceTotalAmount", "ChargeTotalAmount", "PrepaidAmount", "PayableRoundingAmount", "PayableAmount"];

    /// <summary>The amounts whose currency must be the document currency (the VAT total in accounting currency excepted).</summary>
    private static IEnumerable<XElement> R051Amounts(RuleContext c) =>
        R051Names.SelectMany(c.CbcAll).Concat(c.CbcAll("TaxAmount").Where(t =>
            (t.ParentIs("TaxTotal") && t.Parent!.HasCac("TaxSubtotal")) || t.ParentIs("TaxSubtotal")));

    private static readonly string[] Cl007Names = ["Amount", "BaseAmount", "PriceAmount", "TaxAmount", "TaxableAmount", "LineExtensionAmount", "TaxExclusiveAmount",
        "TaxInclusiveAmount", "AllowanceTotalAmount", "ChargeTotalAmount", "PrepaidAmount", "PayableRoundingAmount", "PayableAmount"];

    private static IEnumerable<XElement> TaxAmountsIn(RuleContext c, string currencyOf) =>
        c.Root.Cacs("TaxTotal").Select(t => t.Cbc("TaxAmount")).OfType<XElement>()
            .Where(a => (string?)a.Attribute("currencyID") == Xp.Norm(c.Root.Cbc(currencyOf)?.Value));

    public static IEnumerable<Rule> All() =>
    [
        R.Fatal("PEPPOL-EN16931-R008", B, "Document MUST not contain empty elements.", CommonRules.EmptyElements, (_, _) => false),
        R.Fatal("PEPPOL-EN16931-R080", Docs.CreditNote, "Only one project reference is allowed on document level",
            R.Root, (_, e) => e.Cacs("AdditionalDocumentReference").Count(d => d.Cbc("DocumentTypeCode")?.Value == "50") <= 1),

        // Document level
        R.Fatal("PEPPOL-EN16931-R001", B, "Business process MUST be provided.", R.Root, (_, e) => e.HasCbc("ProfileID")),
        R.Fatal("PEPPOL-EN16931-R007", B, "Business process MUST have an approved identifier.",
            R.Root, (c, _) => Profile(c) != "Unknown"),
        R.Fatal("PEPPOL-EN16931-R002", B, "No more than one note is allowed on document level, unless both the buyer and seller are German organizations.",
            R.Root, (c, e) => e.Cbcs("Note").Count() <= 1 || BothDe(c)),
        R.Fatal("PEPPOL-EN16931-R003", B, "A buyer reference or purchase order reference MUST be provided.",
            R.Root, (_, e) => e.HasCbc("BuyerReference") || e.Cac("OrderReference").HasCbc("ID")),
        R.Fatal("PEPPOL-EN16931-R004", B, "Specification identifier MUST have the value 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'.",
            R.Root, (_, e) => Xp.Norm(e.Cbc("CustomizationID").Text()).StartsWith("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0", StringComparison.Ordinal)),
        R.Fatal("PEPPOL-EN16931-R053", B, "Only one tax total with tax subtotals MUST be provided.",
            R.Root, (_, e) => e.Cacs("TaxTotal").Count(t => t.HasCac("TaxSubtotal")) == 1),
        R.Fatal("PEPPOL-EN16931-R054", B, "Only one tax total without tax subtotals MUST be provided when tax currency code is provided.",
            R.Root, (_, e) => e.Cacs("TaxTotal").Count(t => !t.HasCac("TaxSubtotal")) == (e.HasCbc("TaxCurrencyCode") ? 1 : 0)),
        R.Fatal("PEPPOL-EN16931-R055", B, "Invoice total VAT amount and Invoice total VAT amount in accounting currency MUST have the same operational sign",
            R.Root, (c, e) =>
            {
                if (!e.HasCbc("TaxCurrencyCode")) return true;
                var inTax = TaxAmountsIn(c, "TaxCurrencyCode").Select(a => Xp.Num(a)).ToList();
                var inDoc = TaxAmountsIn(c, "DocumentCurrencyCode").Select(a => Xp.Num(a)).ToList();
                return (inTax.Any(v => v <= 0) && inDoc.Any(v => v <= 0)) || (inTax.Any(v => v >= 0) && inDoc.Any(v => v >= 0));
            }),
        R.Fatal("PEPPOL-EN16931-R005", B, "VAT accounting currency code MUST be different from invoice currency code when provided.",
            c => c.Root.Cbcs("TaxCurrencyCode"), (_, e) => Xp.Norm(e.Text()) != Xp.Norm(e.Parent.Cbc("DocumentCurrencyCode").Text())),

        // Parties
        R.Fatal("PEPPOL-EN16931-R010", B, "Buyer electronic address MUST be provided",
            c => c.CacAll("Party").Where(p => p.ParentIs("AccountingCustomerParty")), (_, e) => e.HasCbc("EndpointID")),
        R.Fatal("PEPPOL-EN16931-R020", B, "Seller electronic address MUST be provided",
            c => c.CacAll("Party").Where(p => p.ParentIs("AccountingSupplierParty")), (_, e) => e.HasCbc("EndpointID")),

        // Allowances and charges (document and line level)
        R.Fatal("PEPPOL-EN16931-R041", B, "Allowance/charge base amount MUST be provided when allowance/charge percentage is provided.",
            c => DocAndLineAllowances(c).Where(R041Context), (_, _) => false),
        R.Fatal("PEPPOL-EN16931-R042", B, "Allowance/charge percentage MUST be provided when allowance/charge base amount is provided.",
            c => DocAndLineAllowances(c).Where(R042Context), (_, _) => false),
        R.Fatal("PEPPOL-EN16931-R040", B, "Allowance/charge amount must equal base amount * percentage/100 if base amount and percentage exists",
            c => DocAndLineAllowances(c).Where(a => !R041Context(a) && !R042Context(a)), (_, a) =>
            {
                if (!(a.HasCbc("MultiplierFactorNumeric") && a.HasCbc("BaseAmount"))) return true;
                var amount = a.HasCbc("Amount") ? a.Cbc("Amount").Dec() : 0m;
                var b = a.Cbc("BaseAmount").Dec(); var m = a.Cbc("MultiplierFactorNumeric").Dec();
                return amount is { } x && b is { } y && m is { } z && Xp.Slack(x, y * z / 100m, 0.02m);
            }),
        R.Fatal("PEPPOL-EN16931-R043", B, "Allowance/charge ChargeIndicator value MUST equal 'true' or 'false'",
            c => DocAndLineAllowances(c).Where(a => !R041Context(a) && !R042Context(a)),
            (_, a) => Xp.Norm(a.Cbc("ChargeIndicator").Text()) is "true" or "false"),

        // Payment
        R.Fatal("PEPPOL-EN16931-R061", B, "Mandate reference MUST be provided for direct debit.",
            c => c.CacAll("PaymentMeans").Where(p => CodeLists.DirectDebit.Contains(p.Cbc("PaymentMeansCode").N())),
            (_, p) => p.Cac("PaymentMandate").HasCbc("ID")),

        // Currency
        R.Fatal("PEPPOL-EN16931-R051", B, "All currencyID attributes must have the same value as the invoice currency code (BT-5), except for the invoice total VAT amount in accounting currency (BT-111).",
            R051Amounts, (c, e) => (string?)e.Attribute("currencyID") == c.DocumentCurrency && c.Root.HasCbc("DocumentCurrencyCode")),

        // Line periods within the invoice period
        R.Fatal("PEPPOL-EN16931-R110", B, "Start date of line period MUST be within invoice period.",
            c => c.Root.Cac("InvoicePeriod").HasCbc("StartDate") ? c.Lines.SelectMany(l => l.Cacs("InvoicePeriod")).SelectMany(p => p.Cbcs("StartDate")) : [],
            (c, e) => CompareDates(e.Text(), c.Root.Cacs("InvoicePeriod").Select(p => p.Cbc("StartDate")), (line, doc) => line >= doc)),
        R.Fatal("PEPPOL-EN16931-R111", B, "End date of line period MUST be within invoice period.",
            c => c.Root.Cac("InvoicePeriod").HasCbc("EndDate") ? c.Lines.SelectMany(l => l.Cacs("InvoicePeriod")).SelectMany(p => p.Cbcs("EndDate")) : [],
            (c, e) => CompareDates(e.Text(), c.Root.Cacs("InvoicePeriod").Select(p => p.Cbc("EndDate")), (line, doc) => line <= doc)),

        // Lines
        R.Fatal("PEPPOL-EN16931-R120", B, "Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount",
            c => c.Lines, (c, l) => LineAmountHolds(c, l)),
        R.Fatal("PEPPOL-EN16931-R121", B, "Base quantity MUST be a positive number above zero.",
            c => c.Lines, (_, l) => l.Cac("Price").Cbc("BaseQuantity") is not { } q || q.Dec() > 0),
        R.Fatal("PEPPOL-EN16931-R100", B, "Only one invoiced object is allowed pr line",
            c => c.Lines, (_, l) => l.Cacs("DocumentReference").Count() <= 1),
        R.Fatal("PEPPOL-EN16931-R101", B, "Element Document reference can only be used for Invoice line object",
            c => c.Lines, (_, l) => !l.HasCac("DocumentReference") || l.Cacs("DocumentReference").Any(d => d.Cbc("DocumentTypeCode")?.Value == "130")),

        // Price level allowance
        R.Fatal("PEPPOL-EN16931-R044", B, "Charge on price level is NOT allowed. Only value 'false' allowed.",
            c => c.CacAll("AllowanceCharge").Where(a => a.ParentIs("Price")), (_, a) => a.Cbc("ChargeIndicator").N() == "false"),
        R.Fatal("PEPPOL-EN16931-R046", B, "Item net price MUST equal (Gross price - Allowance amount) when gross price is provided.",
            c => c.CacAll("AllowanceCharge").Where(a => a.ParentIs("Price")), (_, a) =>
                !a.HasCbc("BaseAmount") || (a.Parent.Cbc("PriceAmount").Dec() is { } p && a.Cbc("BaseAmount").Dec() is { } g && a.Cbc("Amount").Dec() is { } x && p == g - x)),
        R.Fatal("PEPPOL-EN16931-R130", B, "Unit code of price base quantity MUST be same as invoiced quantity.",
            c => c.CbcAll("BaseQuantity").Where(q => q.ParentIs("Price") && q.Attribute("unitCode") is not null), (c, q) =>
            {
                var line = q.Parent?.Parent;
                var has = line.HasCbc("InvoicedQuantity") || line.HasCbc("CreditedQuantity");
                var qty = line.Cbc(c.IsInvoice ? "InvoicedQuantity" : "CreditedQuantity");
                return !has || (qty?.Attribute("unitCode") is { } u && u.Value == q.Attribute("unitCode")!.Value);
            }),

        // Restricted code lists and formatting
        R.Fatal("PEPPOL-EN16931-CL001", B, "Mime code must be according to subset of IANA code list.",
            c => c.CbcAll("EmbeddedDocumentBinaryObject").Where(e => e.Attribute("mimeCode") is not null),
            (_, e) => CodeLists.MimeCodes.Contains(e.Attribute("mimeCode")!.Value)),
        R.Fatal("PEPPOL-EN16931-CL002", B, "Reason code MUST be according to subset of UNCL 5189 D.16B.",
            c => c.CbcAll("AllowanceChargeReasonCode").Where(r => r.Parent is { } a && a.IsCac("AllowanceCharge") && a.Cbcs("ChargeIndicator").Any(i => i.Value == "false")),
            (_, e) => CodeLists.Uncl5189.Contains(Xp.Norm(e.Text()))),
        R.Fatal("PEPPOL-EN16931-CL003", B, "Reason code MUST be according to UNCL 7161 D.16B.",
            c => c.CbcAll("AllowanceChargeReasonCode").Where(r => r.Parent is { } a && a.IsCac("AllowanceCharge") && a.Cbcs("ChargeIndicator").Any(i => i.Value == "true")),
            (_, e) => CodeLists.Uncl7161.Contains(Xp.Norm(e.Text()))),
        R.Fatal("PEPPOL-EN16931-CL006", B, "Invoice period description code must be according to UNCL 2005 D.16B.",
            c => c.CbcAll("DescriptionCode").Where(d => d.ParentIs("InvoicePeriod")), (_, e) => CodeLists.Uncl2005.Contains(Xp.Norm(e.Text()))),
        R.Fatal("PEPPOL-EN16931-CL007", B, "Currency code must be according to ISO 4217:2005",
            c => Cl007Names.SelectMany(c.CbcAll), (_, e) => e.Attribute("currencyID") is { } a && CodeLists.Iso4217.Contains(a.Value)),
        R.Fatal("PEPPOL-EN16931-P0100", B, "Invoice type code MUST be set according to the profile.",
            c => c.CbcAll("InvoiceTypeCode"), (c, e) => !CodeLists.InvoiceTypeProcesses.Contains(Profile(c)) || CodeLists.InvoiceTypes.Contains(Xp.Norm(e.Text()))),
        R.Fatal("PEPPOL-EN16931-P0112", B, "Invoice type code 326 or 384 are only allowed when both buyer and seller are German organizations",
            c => c.CbcAll("InvoiceTypeCode"), (c, e) => e.N() is not ("326" or "384") || BothDe(c)),
        R.Fatal("PEPPOL-EN16931-P0101", B, "Credit note type code MUST be set according to the profile.",
            c => c.CbcAll("CreditNoteTypeCode"), (c, e) => !CodeLists.CreditNoteTypeProcesses.Contains(Profile(c)) || CodeLists.CreditNoteTypes.Contains(Xp.Norm(e.Text()))),
        R.Fatal("PEPPOL-EN16931-F001", B, "A date MUST be formatted YYYY-MM-DD.",
            CommonRules.Dates, (_, e) => e.Text().Length == 10 && IdentifierChecks.IsIsoDate(e.Value, exactLength: false)),
        R.Fatal("PEPPOL-EN16931-CL008", B, "Electronic address identifier scheme must be from the codelist \"Electronic Address Identifier Scheme\"",
            c => c.CbcAll("EndpointID").Where(e => e.Attribute("schemeID") is not null), (_, e) => CodeLists.Eas.Contains(e.Attribute("schemeID")!.Value)),
        Exemption("PEPPOL-EN16931-P0104", "VATEX-EU-G", "G"),
        Exemption("PEPPOL-EN16931-P0105", "VATEX-EU-O", "O"),
        Exemption("PEPPOL-EN16931-P0106", "VATEX-EU-IC", "K"),
        Exemption("PEPPOL-EN16931-P0107", "VATEX-EU-AE", "AE"),
        Exemption("PEPPOL-EN16931-P0108", "VATEX-EU-D", "E"),
        Exemption("PEPPOL-EN16931-P0109", "VATEX-EU-F", "E"),
        Exemption("PEPPOL-EN16931-P0110", "VATEX-EU-I", "E"),
        Exemption("PEPPOL-EN16931-P0111", "VATEX-EU-J", "E"),
    ];

    private static Rule Exemption(string id, string code, string category) => R.Fatal(id, B,
        $"Tax Category {category} MUST be used when exemption reason code is {code}",
        c => c.CacAll("TaxCategory").Where(t => t.Cbcs("TaxExemptionReasonCode").Any(r => r.Value.ToUpperInvariant() == code)),
        (_, t) => t.Cbc("ID").N() == category);

    /// <summary>xs:date(line) compared with xs:date(document date), time zones included (see <see cref="XsDate"/>).</summary>
    private static bool CompareDates(string lineText, IEnumerable<XElement?> documentDates, Func<DateTime, DateTime, bool> ok)
    {
        if (!XsDate.TryParse(lineText, out var line)) return true; // F001 reports the format
        foreach (var d in documentDates)
            if (d is not null && XsDate.TryParse(d.Value, out var doc) && ok(line, doc)) return true;
        return false;
    }

    /// <summary>PEPPOL-EN16931-R120: line net = quantity × (price / base quantity) + charges − allowances, ± 0.02.</summary>
    private static bool LineAmountHolds(RuleContext c, XElement line)
    {
        var net = line.HasCbc("LineExtensionAmount") ? line.Cbc("LineExtensionAmount").Dec() : 0m;
        var qtyEl = line.Cbc(c.IsInvoice ? "InvoicedQuantity" : "CreditedQuantity");
        var qty = qtyEl is null ? 1m : qtyEl.Dec();
        var price = line.Cac("Price") is { } p && p.HasCbc("PriceAmount") ? p.Cbc("PriceAmount").Dec() : 0m;
        var bqEl = line.Cac("Price").Cbc("BaseQuantity");
        var bq = bqEl is not null && bqEl.Dec() is { } b && b != 0 ? b : (bqEl is not null && bqEl.Dec() is null ? (decimal?)null : 1m);
        if (net is null || qty is null || price is null || bq is null) return false;
        var allowances = line.Cacs("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").N() == "false").Select(a => a.Cbc("Amount")).Sum();
        var charges = line.Cacs("AllowanceCharge").Where(a => a.Cbc("ChargeIndicator").N() == "true").Select(a => a.Cbc("Amount")).Sum();
        return Xp.Slack(net.Value, qty.Value * (price.Value / bq.Value) + Xp.Round2(charges) - Xp.Round2(allowances), 0.02m);
    }
}
