namespace Settlement.Peppol.Tests;

/// <summary>The UBL 2.1 sequence of an Invoice's and a CreditNote's top-level elements (maindoc schemas), for inserting a part where the schema wants it.</summary>
internal static class UblOrder
{
    public static readonly string[] Invoice =
    [
        "UBLExtensions", "UBLVersionID", "CustomizationID", "ProfileID", "ProfileExecutionID", "ID", "CopyIndicator", "UUID", "IssueDate", "IssueTime",
        "DueDate", "InvoiceTypeCode", "Note", "TaxPointDate", "DocumentCurrencyCode", "TaxCurrencyCode", "PricingCurrencyCode", "PaymentCurrencyCode",
        "PaymentAlternativeCurrencyCode", "AccountingCostCode", "AccountingCost", "LineCountNumeric", "BuyerReference", "InvoicePeriod", "OrderReference",
        "BillingReference", "DespatchDocumentReference", "ReceiptDocumentReference", "StatementDocumentReference", "OriginatorDocumentReference",
        "ContractDocumentReference", "AdditionalDocumentReference", "ProjectReference", "Signature", "AccountingSupplierParty", "AccountingCustomerParty",
        "PayeeParty", "BuyerCustomerParty", "SellerSupplierParty", "TaxRepresentativeParty", "Delivery", "DeliveryTerms", "PaymentMeans", "PaymentTerms",
        "PrepaidPayment", "AllowanceCharge", "TaxExchangeRate", "PricingExchangeRate", "PaymentExchangeRate", "PaymentAlternativeExchangeRate", "TaxTotal",
        "WithholdingTaxTotal", "LegalMonetaryTotal", "InvoiceLine",
    ];

    public static readonly string[] CreditNote =
    [
        "UBLExtensions", "UBLVersionID", "CustomizationID", "ProfileID", "ProfileExecutionID", "ID", "CopyIndicator", "UUID", "IssueDate", "IssueTime",
        "TaxPointDate", "CreditNoteTypeCode", "Note", "DocumentCurrencyCode", "TaxCurrencyCode", "PricingCurrencyCode", "PaymentCurrencyCode",
        "PaymentAlternativeCurrencyCode", "AccountingCostCode", "AccountingCost", "LineCountNumeric", "BuyerReference", "InvoicePeriod", "DiscrepancyResponse",
        "OrderReference", "BillingReference", "DespatchDocumentReference", "ReceiptDocumentReference", "ContractDocumentReference",
        "AdditionalDocumentReference", "StatementDocumentReference", "OriginatorDocumentReference", "Signature", "AccountingSupplierParty",
        "AccountingCustomerParty", "PayeeParty", "BuyerCustomerParty", "SellerSupplierParty", "TaxRepresentativeParty", "Delivery", "DeliveryTerms",
        "PaymentMeans", "PaymentTerms", "TaxExchangeRate", "PricingExchangeRate", "PaymentExchangeRate", "PaymentAlternativeExchangeRate", "AllowanceCharge",
        "TaxTotal", "LegalMonetaryTotal", "CreditNoteLine",
    ];
}
