using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Parties;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The worked example (shared/spec/examples/scenario-worked.expected.json, placement GR-2024-000101,
/// provider 5569876542, level B) as order requests, with the provider of cli.md's sample event.
/// </summary>
internal static class WorkedExample
{
    public const string Placement = "GR-2024-000101";

    public static Provider Provider { get; } = new(new Party(
        "Exempel Rusta AB",
        OrganisationNumber.Parse("5569876542"),
        ParticipantId.Parse("0007:5569876542"),
        "SE556987654201",
        new PostalAddress("Storgatan 1", "Umeå", "90326", "SE")), "AVT-2023-0117");

    public static BuyerConfiguration Buyer => BuyerConfiguration.Default;

    private static BasePayMonth Month(int year, int month, int fromDay, int toDay, decimal amount) =>
        new(new YearMonth(year, month), new LocalDate(year, month, fromDay), new LocalDate(year, month, toDay), toDay - fromDay + 1, amount);

    /// <summary>Period 1, 2024-03-11..2024-09-10 at 61.93 a day; ordered by the order run of 2024-03-11.</summary>
    public static BasePayOrderRequest BasePay { get; } = new(
        new PurchaseOrderNumber(new LocalDate(2024, 3, 11), 1),
        new LocalDate(2024, 3, 11),
        Placement, 1,
        new LocalDate(2024, 3, 11), new LocalDate(2024, 9, 10),
        61.93m,
        [
            Month(2024, 3, 11, 31, 1300.53m),
            Month(2024, 4, 1, 30, 1857.90m),
            Month(2024, 5, 1, 31, 1919.83m),
            Month(2024, 6, 1, 30, 1857.90m),
            Month(2024, 7, 1, 31, 1919.83m),
            Month(2024, 8, 1, 31, 1919.83m),
            Month(2024, 9, 1, 10, 619.30m),
        ],
        Provider, VatRate.Standard25);

    /// <summary>The speed bonus earned 2024-08-20, ordered by the order run of 2024-08-21.</summary>
    public static ResultOrderRequest SpeedBonus { get; } = new(
        new PurchaseOrderNumber(new LocalDate(2024, 8, 21), 1), new LocalDate(2024, 8, 21), Placement,
        ResultPayment.SpeedBonus, null, 7060.02m, new LocalDate(2024, 8, 20), Provider, VatRate.Standard25);

    /// <summary>The stage-1 result payment verified 2024-08-20, ordered by the order run of 2024-08-21.</summary>
    public static ResultOrderRequest ResultStage1 { get; } = new(
        new PurchaseOrderNumber(new LocalDate(2024, 8, 21), 2), new LocalDate(2024, 8, 21), Placement,
        ResultPayment.Result, 1, 12386.00m, new LocalDate(2024, 8, 20), Provider, VatRate.Standard25);

    /// <summary>The provider's invoice for May (line 3 of the base-pay order): 16.5 delivered days.</summary>
    public static InvoiceRequest MayInvoice { get; } = new(
        "F2024-0042", new LocalDate(2024, 6, 3), new LocalDate(2024, 7, 3),
        Provider.Party, Buyer.Party,
        BasePay.Number, "3", "Grundersättning", 16.5m, "DAY", 61.93m, VatRate.Standard25,
        Placement, new DateInterval(new LocalDate(2024, 5, 1), new LocalDate(2024, 5, 31)),
        new Bankgiro("5050-1055"), "AVT-2023-0117");
}
