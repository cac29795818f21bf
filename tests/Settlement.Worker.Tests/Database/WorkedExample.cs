using Dapper;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Orders;
using Settlement.Worker.Tariffs;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Worker.Tests.Database;

/// <summary>
/// The worked example's parties and data as the intake tests need them: the providers of
/// samples/events-worked.jsonl as PEPPOL parties, the sample data loaded, and the base-pay order of
/// GR-2024-000101 issued (2024-03-11) and its months delivered (2024-06-03).
/// </summary>
public static class WorkedExample
{
    public static readonly BuyerConfiguration Buyer = BuyerConfiguration.Default;

    public static readonly Party ExempelRusta = new("Exempel Rusta AB", OrganisationNumber.Parse("5569876542"), ParticipantId.Parse("0007:5569876542"),
        "SE556987654201", new PostalAddress("Storgatan 1", "Umeå", "90326", "SE"));

    public static readonly Party NorrlandsMatchning = new("Norrlands Matchning AB", OrganisationNumber.Parse("5561234567"), ParticipantId.Parse("0007:5561234567"),
        "SE556123456701", new PostalAddress("Kungsgatan 12", "Luleå", "97231", "SE"));

    /// <summary>
    /// Imports the tariff and the events (the worked example's, or <paramref name="events"/>), runs the orders of 2024-03-11 and the
    /// deliveries of 2024-06-03; returns GR-2024-000101's base-pay order number.
    /// </summary>
    public static string IssueAndDeliver(TestDatabase db, string outbox, string? events = null)
    {
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, events ?? Repo.Path("samples", "events-worked.jsonl"));
        new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, new PeppolOrderDocuments(Buyer, NodaTime.Testing.FakeClock.FromUtc(2024, 3, 11))), outbox)
            .Run(new LocalDate(2024, 3, 11));
        new DeliveryRun(db.DataSource).Run(new LocalDate(2024, 6, 3));
        using var conn = db.Connect();
        return conn.QuerySingle<string>("select number from orders where placement_id = 'GR-2024-000101' and kind = 'base'");
    }

    /// <summary>An invoice of Exempel Rusta AB for one day-based line of GR-2024-000101's base-pay order at 61.93 a day.</summary>
    public static InvoiceRequest Invoice(string order, string number, string line, decimal quantity, LocalDate issued, Party? seller = null) =>
        new(number, issued, issued.PlusDays(30), seller ?? ExempelRusta, Buyer.Party, PurchaseOrderNumber.Parse(order), line, "Grundersättning",
            quantity, "DAY", 61.93m, VatRate.Standard25, "GR-2024-000101");
}
