using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;

namespace Settlement.Worker.Tests.Matching;

/// <summary>Invoice and credit-note facts as the reader gives them, for the matching rules' tests without a database.</summary>
internal static class TestFacts
{
    public const string Buyer = "0007:2021002114";

    /// <summary>An invoice of one order line whose totals add up (as the validation rules require), in SEK.</summary>
    public static InvoiceFacts Invoice(decimal quantity = 16.50m, decimal price = 61.93m, int lines = 1, string seller = "0007:5569876542",
        string buyer = Buyer, string? order = "IN240311-1", string vat = "S", decimal percent = 25m, string unit = "DAY", decimal? baseQuantity = null)
    {
        var amount = Money.Round(quantity * price / (baseQuantity ?? 1m)).Amount;
        var tax = Money.Round(amount * lines * percent / 100m).Amount;
        return new(DocumentType.Invoice, "F-1", new LocalDate(2024, 6, 3), null, "SEK", seller, null, "Exempel Rusta AB", buyer, order, "GR-2024-000101", null,
            Enumerable.Range(1, lines).Select(i => new LineFacts($"{i}", "3", quantity, unit, price, baseQuantity, amount, vat, percent, "Grundersättning")).ToList(),
            amount * lines, amount * lines, tax, amount * lines + tax);
    }

    /// <summary>A full credit (type 381, SEK) of invoice F-1 of the seller as <see cref="Invoice"/> makes it.</summary>
    public static InvoiceFacts Credit(string number = "K-1", string? references = "F-1", decimal payable = 1277.31m) =>
        new(DocumentType.CreditNote, number, new LocalDate(2024, 6, 10), null, "SEK", "0007:5569876542", null, null, Buyer, null, null, references, [],
            1021.85m, 1021.85m, 255.46m, payable) { TypeCode = "381" };
}
