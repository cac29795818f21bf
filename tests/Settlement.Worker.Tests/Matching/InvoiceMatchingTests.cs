using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Explanation;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;

namespace Settlement.Worker.Tests.Matching;

/// <summary>The matching table of documents.md, rule by rule, without a database.</summary>
public class InvoiceMatchingTests
{
    private const string Buyer = TestFacts.Buyer;

    private static InvoiceFacts Invoice(decimal quantity = 16.50m, decimal price = 61.93m, int lines = 1, string seller = "0007:5569876542",
        string buyer = Buyer, string? order = "IN240311-1", string vat = "S", decimal percent = 25m, string unit = "DAY", decimal? baseQuantity = null) =>
        TestFacts.Invoice(quantity, price, lines, seller, buyer, order, vat, percent, unit, baseQuantity);

    private static OrderLineState Line(DeliveryState? delivery, string? openInvoice = null) =>
        new("IN240311-1", 3, "5569876542", "Grundersättning", 31m, "DAY", 61.93m, 1919.83m, "S", 25m, delivery, openInvoice);

    private static readonly DeliveryState May = new(true, 16.50m, 1021.85m, "2024-05-01–2024-05-19, avbrott 2024-05-20, praktik 5 dagar à 50 %");

    [Fact]
    public void The_delivered_quantity_at_the_ordered_price_is_approved()
    {
        var facts = Invoice();
        Assert.Null(InvoiceMatching.Register(facts, Buyer, true, true, true, "5569876542"));
        Assert.Equal(Outcome.Approved, InvoiceMatching.Judge(facts, Line(May)).Outcome);
    }

    [Fact]
    public void A_full_month_after_an_interruption_is_disputed_with_the_expected_figures()
    {
        var decision = InvoiceMatching.Judge(Invoice(quantity: 31m), Line(May));
        Assert.Equal(Outcome.Disputed, decision.Outcome);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("QTY", reason.Code);
        Assert.Equal("Levererat 16,50 dagar (2024-05-01–2024-05-19, avbrott 2024-05-20, praktik 5 dagar à 50 %); fakturerat 31,00 dagar. "
                     + "Skicka en kreditnota på hela beloppet och en ny faktura.", InvoiceMatching.DisputeText(decision.Reasons));
    }

    [Fact]
    public void A_wrong_price_is_disputed_PRI_and_every_reason_is_listed()
    {
        var decision = InvoiceMatching.Judge(Invoice(quantity: 31m, price: 65m), Line(May));
        Assert.Equal(["QTY", "PRI"], decision.Reasons.Select(r => r.Code));
        Assert.Contains("Beställt pris 61,93 kr per dag; fakturerat 65,00 kr.", decision.Reasons[1].Text);
    }

    [Fact]
    public void Nothing_delivered_yet_is_disputed_DEL()
    {
        Assert.Equal("DEL", Assert.Single(InvoiceMatching.Judge(Invoice(), Line(null)).Reasons).Code);
        Assert.Contains("stängd som ej levererad", InvoiceMatching.Judge(Invoice(), Line(new DeliveryState(false, 0m, 0m, ""))).Reasons[0].Text);
    }

    [Fact]
    public void A_line_already_invoiced_and_not_credited_is_disputed_REF() =>
        Assert.Equal("REF", Assert.Single(InvoiceMatching.Judge(Invoice(), Line(May, openInvoice: "F-0")).Reasons).Code);

    [Fact]
    public void Wrong_vat_is_disputed_LEG() =>
        Assert.Equal("LEG", Assert.Single(InvoiceMatching.Judge(Invoice(vat: "E", percent: 0m), Line(May)).Reasons).Code);

    [Fact]
    public void A_price_stated_per_base_quantity_is_the_price_of_one_unit()
    {
        Assert.Equal(Outcome.Approved, InvoiceMatching.Judge(Invoice(price: 123.86m, baseQuantity: 2m), Line(May)).Outcome);
        var wrong = InvoiceMatching.Judge(Invoice(price: 61.93m, baseQuantity: 2m), Line(May));
        Assert.Equal("Beställt pris 61,93 kr per dag; fakturerat 61,93 kr per 2,00 dagar.", Assert.Single(wrong.Reasons).Text);
    }

    [Fact]
    public void Another_unit_is_disputed_QTY() =>
        Assert.Contains("fakturerat 16,50 HUR", Assert.Single(InvoiceMatching.Judge(Invoice(unit: "HUR"), Line(May)).Reasons).Text);

    /// <summary>
    /// The validation rules let an invoice add charges (line or document level) as long as its
    /// totals add up; the payment run pays the invoice's own payable amount, so every figure is
    /// checked against the order line to the öre.
    /// </summary>
    [Theory]
    [InlineData("line-amount", "PRI", "Radbeloppet ska vara 1021,85 kr (16,50 × 61,93, utan avgifter eller rabatter); fakturerat 1521,85 kr.")]
    [InlineData("one-ore", "PRI", "Radbeloppet ska vara 1021,85 kr (16,50 × 61,93, utan avgifter eller rabatter); fakturerat 1021,86 kr.")]
    [InlineData("document-charge", "PRI", "Fakturans belopp exklusive moms ska vara radens 1021,85 kr, utan avgifter eller rabatter på fakturanivå; fakturerat 6021,85 kr.")]
    [InlineData("vat-amount", "LEG", "Momsbeloppet ska vara 255,46 kr (25,00 % av 1021,85 kr); fakturerat 255,47 kr.")]
    [InlineData("payable", "PRI", "Att betala ska vara 1277,31 kr; fakturerat 1277,00 kr.")]
    public void Amounts_must_be_right_to_the_ore(string what, string code, string text)
    {
        var right = Invoice();
        var wrong = what switch
        {
            "line-amount" => right with { Lines = [right.Lines[0] with { LineAmount = 1521.85m }], LineExtensionTotal = 1521.85m, TaxExclusiveTotal = 1521.85m, TaxTotal = 380.46m, PayableAmount = 1902.31m },
            "one-ore" => right with { Lines = [right.Lines[0] with { LineAmount = 1021.86m }] },
            "document-charge" => right with { TaxExclusiveTotal = 6021.85m, TaxTotal = 1505.46m, PayableAmount = 7527.31m },
            "vat-amount" => right with { TaxTotal = 255.47m, PayableAmount = 1277.32m },
            "payable" => right with { PayableAmount = 1277.00m },
            _ => throw new ArgumentException(what),
        };
        Assert.Equal(Outcome.Approved, InvoiceMatching.Judge(right, Line(May)).Outcome);
        var decision = InvoiceMatching.Judge(wrong, Line(May));
        Assert.Equal(Outcome.Disputed, decision.Outcome);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal((code, text), (reason.Code, reason.Text));
    }

    [Fact]
    public void An_invoice_in_another_currency_is_rejected_not_registered()
    {
        var decision = InvoiceMatching.Register(Invoice() with { Currency = "EUR" }, Buyer, true, true, true, "5569876542");
        Assert.Equal((Outcome.Rejected, "PRI", "Fakturan ska vara i SEK; den är i EUR."), (decision!.Outcome, decision.Reasons[0].Code, decision.Reasons[0].Text));
    }

    [Theory]
    [InlineData("unknown-seller", "UNR")]
    [InlineData("wrong-buyer", "REC")]
    [InlineData("two-lines", "ITM")]
    [InlineData("no-order", "REF")]
    [InlineData("unknown-order", "REF")]
    [InlineData("other-provider", "REF")]
    [InlineData("unknown-line", "REF")]
    public void What_cannot_be_tied_to_one_line_of_the_sellers_order_is_rejected(string what, string code)
    {
        var decision = what switch
        {
            "unknown-seller" => InvoiceMatching.Register(Invoice(), Buyer, false, true, true, "5569876542"),
            "wrong-buyer" => InvoiceMatching.Register(Invoice(buyer: "0007:5561234567"), Buyer, true, true, true, "5569876542"),
            "two-lines" => InvoiceMatching.Register(Invoice(lines: 2), Buyer, true, true, true, "5569876542"),
            "no-order" => InvoiceMatching.Register(Invoice(order: null), Buyer, true, false, false, null),
            "unknown-order" => InvoiceMatching.Register(Invoice(), Buyer, true, false, false, null),
            "other-provider" => InvoiceMatching.Register(Invoice(), Buyer, true, true, true, "5561234567"),
            "unknown-line" => InvoiceMatching.Register(Invoice(), Buyer, true, false, true, "5569876542"),
            _ => throw new ArgumentException(what),
        };
        Assert.NotNull(decision);
        Assert.Equal(Outcome.Rejected, decision.Outcome);
        Assert.Equal(code, Assert.Single(decision.Reasons).Code);
    }

    [Fact]
    public void Only_a_full_credit_of_a_registered_uncredited_invoice_of_the_same_seller_is_accepted()
    {
        var invoice = new CreditedInvoice("F-1", "5569876542", 1919.83m, 479.96m, 2399.79m, AlreadyCredited: false);
        InvoiceFacts Credit(decimal payable, string? references = "F-1") =>
            new(DocumentType.CreditNote, "K-1", new LocalDate(2024, 6, 10), null, "SEK", "0007:5569876542", null, null, Buyer, null, null, references, [],
                1919.83m, 1919.83m, 479.96m, payable) { TypeCode = "381" };

        Assert.Equal(Outcome.Credited, CreditMatching.Decide(Credit(2399.79m), true, Buyer, invoice).Outcome);
        Assert.Equal("PRI", CreditMatching.Decide(Credit(1000m), true, Buyer, invoice).Reasons[0].Code);
        Assert.Contains("redan krediterad", CreditMatching.Decide(Credit(2399.79m), true, Buyer, invoice with { AlreadyCredited = true }).Reasons[0].Text);
        Assert.Contains("redan betald", CreditMatching.Decide(Credit(2399.79m), true, Buyer, invoice with { Paid = true }).Reasons[0].Text);
        Assert.Equal(Outcome.Rejected, CreditMatching.Decide(Credit(2399.79m), true, Buyer, null).Outcome);
        Assert.Equal(Outcome.Rejected, CreditMatching.Decide(Credit(2399.79m), true, Buyer, invoice with { SellerOrg = "5561234567" }).Outcome);
        Assert.Equal(Outcome.Rejected, CreditMatching.Decide(Credit(2399.79m, references: null), true, Buyer, invoice).Outcome);
        // A credit note of another type (a corrective 384, a factored credit 396…) or another currency, with the same figures.
        Assert.Contains("typ 381", Assert.Single(CreditMatching.Decide(Credit(2399.79m) with { TypeCode = "396" }, true, Buyer, invoice).Reasons).Text);
        Assert.Equal("PRI", Assert.Single(CreditMatching.Decide(Credit(2399.79m) with { Currency = "EUR" }, true, Buyer, invoice).Reasons).Code);
    }

    [Fact]
    public void The_delivery_description_comes_from_the_engine()
    {
        var tariff = TariffReader.Read(File.ReadAllText(Path.Combine(TestPaths.Root, "samples", "tariff.json"))).Tariff!;
        var interruption = new Interruption(new LocalDate(2024, 5, 10), new LocalDate(2024, 5, 20), "ARBETE");
        var result = Calculator.Calculate(tariff, new PlacementInput(PlacementId.Parse("GR-2024-000101"), "5569876542", Level.B, new LocalDate(2024, 3, 11),
            [new ParallelProgramme(new LocalDate(2024, 4, 10), "PRAKTIK", new LocalDate(2024, 4, 15), new LocalDate(2024, 5, 5)), interruption]));
        var may = result.Periods[0].Months[2];
        Assert.Equal(May.Description, DeliverySummary.Describe(may, result.Interruption));
    }
}
