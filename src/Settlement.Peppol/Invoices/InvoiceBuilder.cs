using NodaTime;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using U = Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Invoices;

/// <summary>
/// Builds a PEPPOL BIS Billing 3 invoice for one order line, and the credit note that fully
/// credits such an invoice. Both pass the UBL 2.1 schema and the CEN, PEPPOL and Swedish rules
/// (tested). Pure and deterministic.
/// </summary>
public static class InvoiceBuilder
{
    /// <summary>Categories that need an exemption reason in the VAT breakdown (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10).</summary>
    private static readonly Dictionary<string, string> ExemptionReasons = new(StringComparer.Ordinal)
    {
        ["E"] = "Undantag från skatteplikt", ["AE"] = "Omvänd skattskyldighet", ["K"] = "Unionsintern leverans",
        ["G"] = "Export", ["O"] = "Ej föremål för moms",
    };

    public static U.Invoice BuildInvoice(InvoiceRequest request)
    {
        Check(request);
        var (net, tax) = (request.LineAmount, request.Vat.TaxOn(request.LineAmount));
        var c = request.Currency;
        return new U.Invoice
        {
            ID = request.InvoiceNumber,
            IssueDate = UblFormat.Date(request.IssueDate),
            DueDate = UblFormat.Date(request.DueDate),
            DocumentCurrencyCode = c,
            InvoicePeriod = PeriodOf(request.Period),
            OrderReference = new U.OrderReference { ID = request.OrderNumber.ToString() },
            ContractDocumentReference = request.AgreementNumber is null ? null : new U.DocumentReference { ID = request.AgreementNumber },
            ProjectReference = request.PlacementId is null ? null : new U.ProjectReference { ID = request.PlacementId },
            AccountingSupplierParty = new U.SupplierParty { Party = OrderBuilder.UblParty(request.Seller, vatRegistration: true) },
            AccountingCustomerParty = new U.CustomerParty { Party = OrderBuilder.UblParty(request.Buyer, vatRegistration: true) },
            PaymentMeans = PaymentOf(request),
            PaymentTerms = new U.PaymentTerms { Note = $"Förfallodag {UblFormat.Date(request.DueDate)}" },
            TaxTotal = TaxTotalOf(net, tax, request.Vat, c),
            LegalMonetaryTotal = TotalsOf(net, tax, c),
            InvoiceLine =
            [
                new U.InvoiceLine
                {
                    ID = "1",
                    InvoicedQuantity = Quantity.Of(request.Quantity, request.UnitCode),
                    LineExtensionAmount = Amount.Of(net, c),
                    InvoicePeriod = PeriodOf(request.Period),
                    OrderLineReference = new U.OrderLineReference { LineID = request.OrderLineId },
                    Item = ItemOf(request),
                    Price = new U.Price { PriceAmount = Amount.Price(request.Price, c) },
                },
            ],
        };
    }

    /// <summary>
    /// The credit note (type 381) that credits the invoice of <paramref name="original"/> in full:
    /// same line, quantity and amounts, with BillingReference to the invoice.
    /// </summary>
    public static U.CreditNote BuildFullCredit(InvoiceRequest original, string creditNoteNumber, LocalDate issueDate)
    {
        Check(original);
        if (string.IsNullOrWhiteSpace(creditNoteNumber)) throw new ArgumentException("A credit note needs a number.", nameof(creditNoteNumber));
        var (net, tax) = (original.LineAmount, original.Vat.TaxOn(original.LineAmount));
        var c = original.Currency;
        return new U.CreditNote
        {
            ID = creditNoteNumber,
            IssueDate = UblFormat.Date(issueDate),
            DocumentCurrencyCode = c,
            InvoicePeriod = PeriodOf(original.Period),
            OrderReference = new U.OrderReference { ID = original.OrderNumber.ToString() },
            BillingReference = new U.BillingReference
            {
                InvoiceDocumentReference = new U.DocumentReference { ID = original.InvoiceNumber, IssueDate = UblFormat.Date(original.IssueDate) },
            },
            ContractDocumentReference = original.AgreementNumber is null ? null : new U.DocumentReference { ID = original.AgreementNumber },
            AccountingSupplierParty = new U.SupplierParty { Party = OrderBuilder.UblParty(original.Seller, vatRegistration: true) },
            AccountingCustomerParty = new U.CustomerParty { Party = OrderBuilder.UblParty(original.Buyer, vatRegistration: true) },
            TaxTotal = TaxTotalOf(net, tax, original.Vat, c),
            LegalMonetaryTotal = TotalsOf(net, tax, c),
            CreditNoteLine =
            [
                new U.CreditNoteLine
                {
                    ID = "1",
                    CreditedQuantity = Quantity.Of(original.Quantity, original.UnitCode),
                    LineExtensionAmount = Amount.Of(net, c),
                    InvoicePeriod = PeriodOf(original.Period),
                    OrderLineReference = new U.OrderLineReference { LineID = original.OrderLineId },
                    Item = ItemOf(original),
                    Price = new U.Price { PriceAmount = Amount.Price(original.Price, c) },
                },
            ],
        };
    }

    private static void Check(InvoiceRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (string.IsNullOrWhiteSpace(r.InvoiceNumber)) throw new ArgumentException("An invoice needs a number.", nameof(r));
        if (string.IsNullOrWhiteSpace(r.OrderLineId)) throw new ArgumentException("An invoice references its order line.", nameof(r));
        if (string.IsNullOrWhiteSpace(r.ItemName)) throw new ArgumentException("An invoice line needs an item name.", nameof(r));
        if (r.Quantity < 0 || r.Price < 0) throw new ArgumentException("Quantity and price cannot be negative; credit with a credit note.", nameof(r));
        if (r.DueDate < r.IssueDate) throw new ArgumentException("The due date cannot be before the issue date.", nameof(r));
    }

    private static U.Period? PeriodOf(DateInterval? period) => period is null ? null
        : new U.Period { StartDate = UblFormat.Date(period.Start), EndDate = UblFormat.Date(period.End) };

    private static U.Item ItemOf(InvoiceRequest r) => new()
    {
        Name = r.ItemName,
        ClassifiedTaxCategory = OrderBuilder.TaxCategoryOf(r.Vat),
    };

    private static U.PaymentMeans? PaymentOf(InvoiceRequest r) => r.PayTo is null ? null : new U.PaymentMeans
    {
        PaymentMeansCode = "30",
        PaymentID = r.InvoiceNumber,
        PayeeFinancialAccount = new U.FinancialAccount { ID = r.PayTo.Digits, FinancialInstitutionBranch = new U.Branch { ID = "SE:BANKGIRO" } },
    };

    private static U.TaxTotal TaxTotalOf(decimal net, decimal tax, VatRate vat, string c)
    {
        var category = OrderBuilder.TaxCategoryOf(vat);
        if (ExemptionReasons.TryGetValue(vat.Category, out var reason)) category.TaxExemptionReason = reason;
        return new U.TaxTotal
        {
            TaxAmount = Amount.Of(tax, c),
            TaxSubtotal = [new U.TaxSubtotal { TaxableAmount = Amount.Of(net, c), TaxAmount = Amount.Of(tax, c), TaxCategory = category }],
        };
    }

    private static U.MonetaryTotal TotalsOf(decimal net, decimal tax, string c) => new()
    {
        LineExtensionAmount = Amount.Of(net, c),
        TaxExclusiveAmount = Amount.Of(net, c),
        TaxInclusiveAmount = Amount.Of(net + tax, c),
        PayableAmount = Amount.Of(net + tax, c),
    };
}
