using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// EN 16931 business rules for UBL (BR-*, BR-CO-*, BR-DEC-*, and the VAT category rules BR-S, BR-Z,
/// BR-E, BR-AE, BR-IC (K), BR-G, BR-O, BR-AF (L), BR-AG (M), BR-B), ported from CEN-EN16931-UBL.sch: mandatory content, totals
/// and VAT. The VAT category rules are in EnRules.VatCategories.cs and EnRules.RegionalCategories.cs,
/// the rules no schema-valid document can fail in EnRules.Unfailable.cs.
/// </summary>
internal static partial class EnRules
{
    private const Docs B = Docs.Billing;

    private static bool IsVat(XElement? taxCategory) => taxCategory.Cac("TaxScheme").Cbc("ID").N().ToUpperInvariant() == "VAT";

    private static IEnumerable<XElement> DocAllowances(RuleContext c, bool charge) =>
        c.Root.Cacs("AllowanceCharge").Where(a => charge ? a.Cbc("ChargeIndicator").IsTrue() : a.Cbc("ChargeIndicator").IsFalse());

    private static IEnumerable<XElement> LineAllowances(RuleContext c, bool charge) =>
        c.Lines.SelectMany(l => l.Cacs("AllowanceCharge")).Where(a => charge ? a.Cbc("ChargeIndicator").IsTrue() : a.Cbc("ChargeIndicator").IsFalse());

    private static IEnumerable<XElement> Subtotals(RuleContext c) => c.Root.Cacs("TaxTotal").SelectMany(t => t.Cacs("TaxSubtotal"));
    private static XElement? Supplier(RuleContext c) => c.Root.Cac("AccountingSupplierParty").Cac("Party");
    private static XElement? Customer(RuleContext c) => c.Root.Cac("AccountingCustomerParty").Cac("Party");
    private static XElement? Totals(RuleContext c) => c.Root.Cac("LegalMonetaryTotal");

    private static bool SellerHasAnyTaxId(RuleContext c) => Supplier(c).Cacs("PartyTaxScheme").Any(s => s.HasCbc("CompanyID")) || TaxRepVat(c);
    private static bool SellerHasVatId(RuleContext c) => Supplier(c).Cacs("PartyTaxScheme").Any(s => IsVatScheme(s) && s.HasCbc("CompanyID")) || TaxRepVat(c);
    private static bool TaxRepVat(RuleContext c) => c.CacAll("TaxRepresentativeParty").SelectMany(p => p.Cacs("PartyTaxScheme")).Any(s => IsVatScheme(s) && s.HasCbc("CompanyID"));
    private static bool BuyerHasVatId(RuleContext c) => Customer(c).Cacs("PartyTaxScheme").Any(s => IsVatScheme(s) && s.HasCbc("CompanyID"));
    private static bool IsVatScheme(XElement s) => s.Cac("TaxScheme").Cbc("ID").N().ToUpperInvariant() == "VAT";

    public static IEnumerable<Rule> All()
    {
        var rules = new List<Rule>
        {
            Doc("BR-01", "An Invoice shall have a Specification identifier (BT-24).", e => e.Cbc("CustomizationID").N() != ""),
            Doc("BR-02", "An Invoice shall have an Invoice number (BT-1).", e => e.Cbc("ID").N() != ""),
            Doc("BR-03", "An Invoice shall have an Invoice issue date (BT-2).", e => e.Cbc("IssueDate").N() != ""),
            Doc("BR-04", "An Invoice shall have an Invoice type code (BT-3).", e => e.Cbc("InvoiceTypeCode").N() != "" || e.Cbc("CreditNoteTypeCode").N() != ""),
            Doc("BR-05", "An Invoice shall have an Invoice currency code (BT-5).", e => e.Cbc("DocumentCurrencyCode").N() != ""),
            Doc("BR-06", "An Invoice shall contain the Seller name (BT-27).", e => e.Cac("AccountingSupplierParty").Cac("Party").Cac("PartyLegalEntity").Cbc("RegistrationName").N() != ""),
            Doc("BR-07", "An Invoice shall contain the Buyer name (BT-44).", e => e.Cac("AccountingCustomerParty").Cac("Party").Cac("PartyLegalEntity").Cbc("RegistrationName").N() != ""),
            Doc("BR-08", "An Invoice shall contain the Seller postal address (BG-5).", e => e.Cac("AccountingSupplierParty").Cac("Party").HasCac("PostalAddress")),
            Doc("BR-10", "An Invoice shall contain the Buyer postal address (BG-8).", e => e.Cac("AccountingCustomerParty").Cac("Party").HasCac("PostalAddress")),
            Doc("BR-16", "An Invoice shall have at least one Invoice line (BG-25).", e => e.HasCac("InvoiceLine") || e.HasCac("CreditNoteLine")),
            Doc("BR-CO-18", "An Invoice shall at least have one VAT breakdown group (BG-23).", e => e.Cacs("TaxTotal").Any(t => t.HasCac("TaxSubtotal"))),
            Doc("BR-CO-03", "Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive.",
                e => !(e.HasCbc("TaxPointDate") && e.Cacs("InvoicePeriod").Any(p => p.HasCbc("DescriptionCode")))),
            R.Fatal("BR-CO-15", B, "Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).",
                R.Root, (c, e) =>
                {
                    var cur = e.Cbc("DocumentCurrencyCode");
                    if (cur is null) return true;
                    var taxes = e.Cacs("TaxTotal").SelectMany(t => t.Cbcs("TaxAmount")).Where(a => (string?)a.Attribute("currencyID") == cur.Value).ToList();
                    if (taxes.Count != 1) return false;
                    var t = Totals(c);
                    return t.Cbc("TaxInclusiveAmount").Dec() is { } incl && t.Cbc("TaxExclusiveAmount").Dec() is { } excl && taxes[0].Dec() is { } tax && incl == Xp.Round2(excl + tax);
                }),

            // Parties and addresses
            R.Fatal("BR-09", B, "The Seller postal address (BG-5) shall contain a Seller country code (BT-40).",
                c => Supplier(c).Cacs("PostalAddress"), (_, a) => a.Cac("Country").Cbc("IdentificationCode").N() != ""),
            R.Fatal("BR-11", B, "The Buyer postal address shall contain a Buyer country code (BT-55).",
                c => Customer(c).Cacs("PostalAddress"), (_, a) => a.Cac("Country").Cbc("IdentificationCode").N() != ""),
            R.Fatal("BR-62", B, "The Seller electronic address (BT-34) shall have a Scheme identifier.",
                c => Supplier(c).Cbcs("EndpointID"), (_, e) => e.Attribute("schemeID") is not null),
            R.Fatal("BR-63", B, "The Buyer electronic address (BT-49) shall have a Scheme identifier.",
                c => Customer(c).Cbcs("EndpointID"), (_, e) => e.Attribute("schemeID") is not null),
            R.Fatal("BR-CO-26", B, "In order for the buyer to automatically identify a supplier, the Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.",
                c => c.Root.Cacs("AccountingSupplierParty"), (_, s) =>
                    s.Cac("Party").Cacs("PartyTaxScheme").Any(t => IsVatScheme(t) && t.HasCbc("CompanyID")) || s.Cac("Party").Cacs("PartyIdentification").Any(i => i.HasCbc("ID")) ||
                    s.Cac("Party").Cacs("PartyLegalEntity").Any(l => l.HasCbc("CompanyID"))),
            R.Fatal("BR-CO-09", B, "The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2 by which the country of issue may be identified. Nevertheless, Greece may use the prefix 'EL'.",
                c => c.CacAll("PartyTaxScheme").Where(IsVatScheme), (_, s) =>
                {
                    var v = s.Cbc("CompanyID").S();
                    return CodeLists.VatPrefixes.Contains(v.Length >= 2 ? v[..2] : v, StringComparison.Ordinal);
                }),
            R.Fatal("BR-18", B, "The Seller tax representative name (BT-62) shall be provided in the Invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).",
                c => c.CacAll("TaxRepresentativeParty"), (_, p) => p.Cac("PartyName").Cbc("Name").N() != ""),
            R.Fatal("BR-19", B, "The Seller tax representative postal address (BG-12) shall be provided in the Invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).",
                c => c.CacAll("TaxRepresentativeParty"), (_, p) => p.HasCac("PostalAddress")),
            R.Fatal("BR-56", B, "Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).",
                c => c.CacAll("TaxRepresentativeParty"), (_, p) => p.Cacs("PartyTaxScheme").Any(s => IsVatScheme(s) && s.HasCbc("CompanyID"))),

            // Totals
            Total("BR-12", "An Invoice shall have the Sum of Invoice line net amount (BT-106).", t => t.HasCbc("LineExtensionAmount")),
            Total("BR-13", "An Invoice shall have the Invoice total amount without VAT (BT-109).", t => t.HasCbc("TaxExclusiveAmount")),
            Total("BR-14", "An Invoice shall have the Invoice total amount with VAT (BT-112).", t => t.HasCbc("TaxInclusiveAmount")),
            Total("BR-15", "An Invoice shall have the Amount due for payment (BT-115).", t => t.HasCbc("PayableAmount")),
            R.Fatal("BR-CO-10", B, "Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).",
                c => c.Root.Cacs("LegalMonetaryTotal"), (c, t) => t.Cbc("LineExtensionAmount").Dec() == Xp.Round2(c.Lines.Select(l => l.Cbc("LineExtensionAmount")).Sum())),
            R.Fatal("BR-CO-11", B, "Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).",
                c => c.Root.Cacs("LegalMonetaryTotal"), (c, t) => t.HasCbc("AllowanceTotalAmount")
                    ? t.Cbc("AllowanceTotalAmount").Dec() == Xp.Round2(DocAllowances(c, false).Select(a => a.Cbc("Amount")).Sum())
                    : !DocAllowances(c, false).Any()),
            R.Fatal("BR-CO-12", B, "Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).",
                c => c.Root.Cacs("LegalMonetaryTotal"), (c, t) => t.HasCbc("ChargeTotalAmount")
                    ? t.Cbc("ChargeTotalAmount").Dec() == Xp.Round2(DocAllowances(c, true).Select(a => a.Cbc("Amount")).Sum())
                    : !DocAllowances(c, true).Any()),
            Total("BR-CO-13", "Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).",
                t => t.Cbc("TaxExclusiveAmount").Dec() is { } x && t.Cbc("LineExtensionAmount").Dec() is { } l &&
                     x == Xp.Round2(l + (t.Cbc("ChargeTotalAmount").Dec() ?? 0m) - (t.Cbc("AllowanceTotalAmount").Dec() ?? 0m))),
            Total("BR-CO-16", "Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114).",
                t => t.Cbc("PayableAmount").Dec() is { } p && t.Cbc("TaxInclusiveAmount").Dec() is { } i &&
                     Xp.Round2(p - (t.Cbc("PayableRoundingAmount").Dec() ?? 0m)) == Xp.Round2(i - (t.Cbc("PrepaidAmount").Dec() ?? 0m))),
            R.Fatal("BR-CO-14", B, "Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).",
                c => c.Root.Cacs("TaxTotal"), (_, t) => !t.HasCac("TaxSubtotal") || t.Cbc("TaxAmount").Dec() == Xp.Round2(t.Cacs("TaxSubtotal").Select(s => s.Cbc("TaxAmount")).Sum())),

            // VAT breakdown
            Subtotal("BR-45", "Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).", s => s.HasCbc("TaxableAmount")),
            Subtotal("BR-46", "Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).", s => s.HasCbc("TaxAmount")),
            Subtotal("BR-47", "Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).", s => s.Cacs("TaxCategory").Any(t => IsVat(t) && t.HasCbc("ID"))),
            Subtotal("BR-48", "Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.",
                s => s.Cacs("TaxCategory").Any(t => IsVat(t) && (t.HasCbc("Percent") || t.Cbc("ID").N() == "O"))),
            Subtotal("BR-CO-17", "VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.", s =>
            {
                var cat = s.Cacs("TaxCategory").FirstOrDefault(IsVat);
                var tax = s.Cbc("TaxAmount").Dec();
                var pct = cat.Cbc("Percent").Dec();
                if (tax is null) return false;
                if (pct is null) return Xp.Round(tax.Value) == 0;
                if (Xp.Round(pct.Value) == 0) return Xp.Round(tax.Value) == 0;
                if (s.Cbc("TaxableAmount").Dec() is not { } taxable) return false;
                var expected = Xp.Round2(Math.Abs(taxable) * (pct.Value / 100m));
                return Math.Abs(tax.Value) - 1 < expected && Math.Abs(tax.Value) + 1 > expected;
            }),
            Subtotal("BR-DEC-19", "The allowed maximum number of decimals for the VAT category taxable amount (BT-116) is 2.", s => s.Cbc("TaxableAmount").AtMostTwoDecimals()),
            Subtotal("BR-DEC-20", "The allowed maximum number of decimals for the VAT category tax amount (BT-117) is 2.", s => s.Cbc("TaxAmount").AtMostTwoDecimals()),

            // Lines
            Line("BR-21", "Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).", l => l.Cbc("ID").N() != ""),
            Line("BR-22", "Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).", l => l.HasCbc("InvoicedQuantity") || l.HasCbc("CreditedQuantity")),
            Line("BR-23", "An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).",
                l => l.Cbc("InvoicedQuantity")?.Attribute("unitCode") is not null || l.Cbc("CreditedQuantity")?.Attribute("unitCode") is not null),
            Line("BR-24", "Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).", l => l.HasCbc("LineExtensionAmount")),
            Line("BR-25", "Each Invoice line (BG-25) shall contain the Item name (BT-153).", l => l.Cac("Item").Cbc("Name").N() != ""),
            Line("BR-26", "Each Invoice line (BG-25) shall contain the Item net price (BT-146).", l => l.Cac("Price").HasCbc("PriceAmount")),
            Line("BR-27", "The Item net price (BT-146) shall NOT be negative.", l => l.Cac("Price").Cbcs("PriceAmount").Any(p => Xp.Num(p) >= 0)),
            Line("BR-28", "The Item gross price (BT-148) shall NOT be negative.", l =>
                !l.Cac("Price").Cacs("AllowanceCharge").Any(a => a.HasCbc("BaseAmount")) || l.Cac("Price").Cacs("AllowanceCharge").SelectMany(a => a.Cbcs("BaseAmount")).Any(b => Xp.Num(b) >= 0)),
            Line("BR-CO-04", "Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).",
                l => l.Cac("Item").Cacs("ClassifiedTaxCategory").Any(t => IsVat(t) && t.HasCbc("ID"))),
            Line("BR-DEC-23", "The allowed maximum number of decimals for the Invoice line net amount (BT-131) is 2.", l => l.Cbc("LineExtensionAmount").AtMostTwoDecimals()),
            R.Fatal("BR-64", B, "The Item standard identifier (BT-157) shall have a Scheme identifier.",
                c => c.Lines.SelectMany(l => l.Cac("Item").Cacs("StandardItemIdentification")).SelectMany(i => i.Cbcs("ID")), (_, e) => e.Attribute("schemeID") is not null),
            R.Fatal("BR-65", B, "The Item classification identifier (BT-158) shall have a Scheme identifier.",
                c => c.Lines.SelectMany(l => l.Cac("Item").Cacs("CommodityClassification")).SelectMany(i => i.Cbcs("ItemClassificationCode")), (_, e) => e.Attribute("listID") is not null),
            R.Fatal("BR-54", B, "Each Item attribute (BG-32) shall contain an Item attribute name (BT-160) and an Item attribute value (BT-161).",
                c => c.CacAll("AdditionalItemProperty"), (_, p) => p.HasCbc("Name") && p.HasCbc("Value")),

            // Periods
            R.Fatal("BR-29", B, "If both Invoicing period start date (BT-73) and Invoicing period end date (BT-74) are given then the Invoicing period end date (BT-74) shall be later or equal to the Invoicing period start date (BT-73).",
                NonLinePeriods, (_, p) => PeriodOrdered(p)),
            R.Fatal("BR-CO-19", B, "If Invoicing period (BG-14) is used, the Invoicing period start date (BT-73) or the Invoicing period end date (BT-74) shall be filled, or both.",
                NonLinePeriods, (_, p) => p.HasCbc("StartDate") || p.HasCbc("EndDate") || p.HasCbc("DescriptionCode")),
            R.Fatal("BR-30", B, "If both Invoice line period start date (BT-134) and Invoice line period end date (BT-135) are given then the Invoice line period end date (BT-135) shall be later or equal to the Invoice line period start date (BT-134).",
                c => c.Lines.SelectMany(l => l.Cacs("InvoicePeriod")), (_, p) => PeriodOrdered(p)),
            R.Fatal("BR-CO-20", B, "If Invoice line period (BG-26) is used, the Invoice line period start date (BT-134) or the Invoice line period end date (BT-135) shall be filled, or both.",
                c => c.Lines.SelectMany(l => l.Cacs("InvoicePeriod")), (_, p) => p.HasCbc("StartDate") || p.HasCbc("EndDate")),

            // Document level allowances and charges
            Allowance("BR-31", false, "Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).", a => a.HasCbc("Amount")),
            Allowance("BR-32", false, "Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95).", a => a.Cacs("TaxCategory").Any(t => IsVat(t) && t.HasCbc("ID"))),
            Allowance("BR-33", false, "Each Document level allowance (BG-20) shall have a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98).", HasReason),
            Allowance("BR-DEC-01", false, "The allowed maximum number of decimals for the Document level allowance amount (BT-92) is 2.", a => a.Cbc("Amount").AtMostTwoDecimals()),
            Allowance("BR-DEC-02", false, "The allowed maximum number of decimals for the Document level allowance base amount (BT-93) is 2.", a => a.Cbc("BaseAmount").AtMostTwoDecimals()),
            Allowance("BR-36", true, "Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).", a => a.HasCbc("Amount")),
            Allowance("BR-37", true, "Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102).", a => a.Cacs("TaxCategory").Any(t => IsVat(t) && t.HasCbc("ID"))),
            Allowance("BR-38", true, "Each Document level charge (BG-21) shall have a Document level charge reason (BT-104) or a Document level charge reason code (BT-105).", HasReason),
            Allowance("BR-DEC-05", true, "The allowed maximum number of decimals for the Document level charge amount (BT-99) is 2.", a => a.Cbc("Amount").AtMostTwoDecimals()),
            Allowance("BR-DEC-06", true, "The allowed maximum number of decimals for the Document level charge base amount (BT-100) is 2.", a => a.Cbc("BaseAmount").AtMostTwoDecimals()),
            LineAllowance("BR-41", false, "Each Invoice line allowance (BG-27) shall have an Invoice line allowance amount (BT-136).", a => a.HasCbc("Amount")),
            LineAllowance("BR-42", false, "Each Invoice line allowance (BG-27) shall have an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140).", HasReason),
            LineAllowance("BR-DEC-24", false, "The allowed maximum number of decimals for the Invoice line allowance amount (BT-136) is 2.", a => a.Cbc("Amount").AtMostTwoDecimals()),
            LineAllowance("BR-DEC-25", false, "The allowed maximum number of decimals for the Invoice line allowance base amount (BT-137) is 2.", a => a.Cbc("BaseAmount").AtMostTwoDecimals()),
            LineAllowance("BR-43", true, "Each Invoice line charge (BG-28) shall have an Invoice line charge amount (BT-141).", a => a.HasCbc("Amount")),
            LineAllowance("BR-44", true, "Each Invoice line charge shall have an Invoice line charge reason or an invoice line allowance reason code.", HasReason),
            LineAllowance("BR-DEC-27", true, "The allowed maximum number of decimals for the Invoice line charge amount (BT-141) is 2.", a => a.Cbc("Amount").AtMostTwoDecimals()),
            LineAllowance("BR-DEC-28", true, "The allowed maximum number of decimals for the Invoice line charge base amount (BT-142) is 2.", a => a.Cbc("BaseAmount").AtMostTwoDecimals()),

            // Totals decimals
            Total("BR-DEC-09", "The allowed maximum number of decimals for the Sum of Invoice line net amount (BT-106) is 2.", t => t.Cbc("LineExtensionAmount").AtMostTwoDecimals()),
            Total("BR-DEC-10", "The allowed maximum number of decimals for the Sum of allowanced on document level (BT-107) is 2.", t => t.Cbc("AllowanceTotalAmount").AtMostTwoDecimals()),
            Total("BR-DEC-11", "The allowed maximum number of decimals for the Sum of charges on document level (BT-108) is 2.", t => t.Cbc("ChargeTotalAmount").AtMostTwoDecimals()),
            Total("BR-DEC-12", "The allowed maximum number of decimals for the Invoice total amount without VAT (BT-109) is 2.", t => t.Cbc("TaxExclusiveAmount").AtMostTwoDecimals()),
            Total("BR-DEC-14", "The allowed maximum number of decimals for the Invoice total amount with VAT (BT-112) is 2.", t => t.Cbc("TaxInclusiveAmount").AtMostTwoDecimals()),
            Total("BR-DEC-16", "The allowed maximum number of decimals for the Paid amount (BT-113) is 2.", t => t.Cbc("PrepaidAmount").AtMostTwoDecimals()),
            Total("BR-DEC-17", "The allowed maximum number of decimals for the Rounding amount (BT-114) is 2.", t => t.Cbc("PayableRoundingAmount").AtMostTwoDecimals()),
            Total("BR-DEC-18", "The allowed maximum number of decimals for the Amount due for payment (BT-115) is 2.", t => t.Cbc("PayableAmount").AtMostTwoDecimals()),

            // Payment and references
            R.Fatal("BR-49", B, "A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).", c => c.Root.Cacs("PaymentMeans"), (_, p) => p.HasCbc("PaymentMeansCode")),
            R.Fatal("BR-61", B, "If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.",
                c => c.Root.Cacs("PaymentMeans"), (_, p) => p.Cbc("PaymentMeansCode").N() is not ("30" or "58") || p.Cac("PayeeFinancialAccount").HasCbc("ID")),
            R.Fatal("BR-50", B, "A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided in the Invoice.",
                c => c.Root.Cacs("PaymentMeans").Where(p => p.Cbcs("PaymentMeansCode").Any(m => m.Value is "30" or "58")).SelectMany(p => p.Cacs("PayeeFinancialAccount")), (_, a) => a.Cbc("ID").N() != ""),
            R.Fatal("BR-52", B, "Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).",
                c => c.CacAll("AdditionalDocumentReference"), (_, d) => d.Cbc("ID").N() != ""),
            R.Fatal("BR-55", B, "Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).",
                c => c.CacAll("BillingReference"), (_, b) => b.Cac("InvoiceDocumentReference").HasCbc("ID")),
            R.Fatal("BR-17", B, "The Payee name (BT-59) shall be provided in the Invoice, if the Payee (BG-10) is different from the Seller (BG-4).",
                c => c.Root.Cacs("PayeeParty"), (c, p) =>
                {
                    var names = Supplier(c).Cacs("PartyName").Select(n => n.Cbc("Name").S()).ToHashSet();
                    var ids = Supplier(c).Cacs("PartyIdentification").Select(i => i.Cbc("ID").S()).ToHashSet();
                    return p.Cacs("PartyName").Any(n => n.HasCbc("Name")) && !p.Cacs("PartyName").Any(n => n.Cbc("Name") is { } x && names.Contains(x.Value)) &&
                           !p.Cacs("PartyIdentification").Any(i => i.Cbc("ID") is { } x && ids.Contains(x.Value));
                }),
            R.Fatal("BR-20", B, "The Seller tax representative postal address (BG-12) shall contain a Tax representative country code (BT-69), if the Seller (BG-4) has a Seller tax representative party (BG-11).",
                c => c.CacAll("TaxRepresentativeParty").SelectMany(p => p.Cacs("PostalAddress")), (_, a) => a.Cac("Country").Cbc("IdentificationCode").N() != ""),
            R.Warn("BR-51", B, "In accordance with card payments security standards an invoice should never include a full card primary account number (BT-87). At the moment PCI Security Standards Council has defined that the first 6 digits and last 4 digits are the maximum number of digits to be shown.",
                c => c.CacAll("CardAccount").SelectMany(a => a.Cbcs("PrimaryAccountNumberID")), (_, e) => e.N().Length <= 10),
            R.Fatal("BR-53", B, "If the VAT accounting currency code (BT-6) is present, then the Invoice total VAT amount in accounting currency (BT-111) shall be provided.",
                R.Root, (c, e) => e.Cbcs("TaxCurrencyCode").All(t => c.CacAll("TaxTotal").Any(tt => tt.Cbcs("TaxAmount").Any(a => (string?)a.Attribute("currencyID") == t.Value)))),
            Allowance("BR-CO-21", false, "Each Document level allowance (BG-20) shall contain a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98), or both.", HasReason),
            Allowance("BR-CO-22", true, "Each Document level charge (BG-21) shall contain a Document level charge reason (BT-104) or a Document level charge reason code (BT-105), or both.", HasReason),
            LineAllowance("BR-CO-23", false, "Each Invoice line allowance (BG-27) shall contain an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140), or both.", HasReason),
            LineAllowance("BR-CO-24", true, "Each Invoice line charge (BG-28) shall contain an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145), or both.", HasReason),
            R.Fatal("BR-IC-11", B, "In an Invoice with a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Intra-community supply\" the Actual delivery date (BT-72) or the Invoicing period (BG-14) shall not be blank.",
                R.Root, (c, e) => !SubtotalCategories(c).Any(t => IsVat(t) && Is(t, "K")) || e.Cacs("Delivery").Any(d => d.Cbc("ActualDeliveryDate").S().Length > 1) || e.Cacs("InvoicePeriod").Any(p => p.HasElements)) with { When = c => c.Categories.Contains("K") },
            R.Fatal("BR-IC-12", B, "In an Invoice with a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Intra-community supply\" the Deliver to country code (BT-80) shall not be blank.",
                R.Root, (c, e) => !SubtotalCategories(c).Any(t => IsVat(t) && Is(t, "K")) ||
                    e.Cacs("Delivery").SelectMany(d => d.Cacs("DeliveryLocation")).SelectMany(l => l.Cacs("Address")).Any(a => a.Cac("Country").Cbc("IdentificationCode").S().Length > 1)) with { When = c => c.Categories.Contains("K") },
            R.Fatal("BR-57", B, "Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).",
                c => c.CacAll("DeliveryLocation").SelectMany(l => l.Cacs("Address")), (_, a) => a.Cac("Country").HasCbc("IdentificationCode")),
        };

        rules.AddRange(StandardRated().Select(r => r with { When = c => c.Categories.Contains("S") }));
        foreach (var (code, prefix, name, seller, buyer) in new (string, string, string, Func<RuleContext, bool>, bool)[]
                 {
                     ("Z", "BR-Z", "Zero rated", SellerHasAnyTaxId, false),
                     ("E", "BR-E", "Exempt from VAT", SellerHasAnyTaxId, false),
                     ("AE", "BR-AE", "Reverse charge", SellerHasAnyTaxId, true),
                     ("K", "BR-IC", "Intra-community supply", SellerHasVatId, true),
                     ("G", "BR-G", "Export outside the EU", SellerHasVatId, false),
                 })
            rules.AddRange(ZeroRated(code, prefix, name, seller, buyer));
        rules.AddRange(NotSubject().Select(r => r with { When = c => c.Categories.Contains("O") }));
        rules.AddRange(RegionalCategories());
        rules.AddRange(Unfailable());
        return rules;
    }

    private static bool HasReason(XElement a) => a.HasCbc("AllowanceChargeReason") || a.HasCbc("AllowanceChargeReasonCode");

    /// <summary>xs:date(cbc:EndDate) &gt;= xs:date(cbc:StartDate) when both are given (a date with a time zone included).</summary>
    private static bool PeriodOrdered(XElement p) =>
        p.Cbc("StartDate") is not { } s || p.Cbc("EndDate") is not { } e ||
        (XsDate.TryParse(s.Value, out var from) && XsDate.TryParse(e.Value, out var to) && to >= from);

    private static Rule Doc(string id, string message, Func<XElement, bool> test) => R.Fatal(id, B, message, R.Root, (_, e) => test(e));
    private static Rule Total(string id, string message, Func<XElement, bool> test) => R.Fatal(id, B, message, c => c.Root.Cacs("LegalMonetaryTotal"), (_, t) => test(t));
    /// <summary>Rules on <c>cac:TaxTotal/cac:TaxSubtotal</c> anywhere: every tax total (a second one, one on a line…), not only the document's VAT breakdown.</summary>
    private static Rule Subtotal(string id, string message, Func<XElement, bool> test) =>
        R.Fatal(id, B, message, c => c.CacAll("TaxSubtotal").Where(s => s.ParentIs("TaxTotal")), (_, s) => test(s));

    /// <summary>The official <c>cac:InvoicePeriod</c> context of BR-29 and BR-CO-19: every invoice period a line's own rules (BR-30, BR-CO-20) do not take.</summary>
    private static IEnumerable<XElement> NonLinePeriods(RuleContext c) =>
        c.CacAll("InvoicePeriod").Where(p => !p.ParentIs("InvoiceLine") && !p.ParentIs("CreditNoteLine"));
    private static Rule Line(string id, string message, Func<XElement, bool> test) => R.Fatal(id, B, message, c => c.Lines, (_, l) => test(l));
    private static Rule Allowance(string id, bool charge, string message, Func<XElement, bool> test) =>
        R.Fatal(id, B, message, c => DocAllowances(c, charge), (_, a) => test(a)) with { When = c => c.HasAllowances };
    private static Rule LineAllowance(string id, bool charge, string message, Func<XElement, bool> test) =>
        R.Fatal(id, B, message, c => LineAllowances(c, charge), (_, a) => test(a)) with { When = c => c.HasAllowances };
}
