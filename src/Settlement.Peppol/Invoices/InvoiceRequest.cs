using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Parties;

namespace Settlement.Peppol.Invoices;

/// <summary>A Swedish bankgiro account to be paid to (PaymentMeans code 30, branch SE:BANKGIRO).</summary>
public sealed record Bankgiro(string Number)
{
    public string Digits => new(Number.Where(char.IsAsciiDigit).ToArray());
}

/// <summary>
/// One order line turned into one invoice (what the provider portal does with one click): the
/// invoice carries OrderReference/ID = the purchase order number and a single line whose
/// OrderLineReference/LineID is the order line's id.
/// </summary>
/// <remarks>
/// <para>Period: The service period of the line (the delivery month), or null for result-based lines.</para>
/// <para>PlacementId: The genomförandereferens echoed in ProjectReference/ID; never a person's identity.</para>
/// </remarks>
public sealed record InvoiceRequest(
    string InvoiceNumber,
    LocalDate IssueDate,
    LocalDate DueDate,
    Party Seller,
    Party Buyer,
    PurchaseOrderNumber OrderNumber,
    string OrderLineId,
    string ItemName,
    decimal Quantity,
    string UnitCode,
    decimal Price,
    VatRate Vat,
    string? PlacementId = null,
    DateInterval? Period = null,
    Bankgiro? PayTo = null,
    string? AgreementNumber = null,
    string Currency = "SEK")
{
    /// <summary>The line net amount: quantity × price, rounded to öre.</summary>
    public decimal LineAmount => decimal.Round(Quantity * Price, 2, MidpointRounding.AwayFromZero);
}
