using System.Xml.Linq;
using Dapper;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Orders;
using Settlement.Worker.Reconciliation;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;
using Party = Settlement.Peppol.Parties.Party;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Tests.Intake;

/// <summary>
/// The worked example end to end (issue: invoice intake and matching): orders for GR-2024-000101,
/// deliveries, an invoice for 31 days of May (disputed: 16.50 delivered), its credit note
/// (credited), the corrected invoice (approved), a resend (duplicate), payment (paid).
/// </summary>
public sealed class WorkedExampleIntakeTests : IClassFixture<TestDatabase>, IDisposable
{
    private readonly TestDatabase db;
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}");
    private LocalDate today = new(2024, 6, 10);
    private static readonly BuyerConfiguration Buyer = WorkedExample.Buyer;
    private static readonly Party Seller = WorkedExample.ExempelRusta;

    public WorkedExampleIntakeTests(TestDatabase db)
    {
        this.db = db;
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, Repo.Path("samples", "events-worked.jsonl"));
    }

    public void Dispose() { if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true); }

    private IntakeService Intake() =>
        new(db.DataSource, Buyer, new Responder(Buyer, new NodaTime.Testing.FakeClock(Instant.FromUtc(2024, 6, 10, 8, 0)), () => today), outbox);

    private static InvoiceRequest May(string number, decimal quantity, LocalDate issued, string order) =>
        WorkedExample.Invoice(order, number, "3", quantity, issued) with
            { Period = new DateInterval(new LocalDate(2024, 5, 1), new LocalDate(2024, 5, 31)), AgreementNumber = "AVT-2023-0117" };

    private static byte[] Wrapped(byte[] ubl, DocumentType type) =>
        SbdhCodec.Wrap(ubl, SbdhEnvelope.For(type, Seller.ParticipantId, Buyer.Party.ParticipantId, Guid.NewGuid().ToString(), Instant.FromUtc(2024, 6, 10, 9, 0)));

    [Fact]
    public void Dispute_credit_correction_resend_and_payment()
    {
        var run = new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, new PeppolOrderDocuments(Buyer, new NodaTime.Testing.FakeClock(Instant.FromUtc(2024, 3, 11, 5, 0)))), outbox);
        run.Run(new LocalDate(2024, 3, 11));
        new DeliveryRun(db.DataSource).Run(new LocalDate(2024, 6, 3));
        using var conn = db.Connect();
        var order = conn.QuerySingle<string>("select number from orders where placement_id = 'GR-2024-000101' and kind = 'base'");

        var intake = Intake();
        var wrong = intake.Take(Channel.File, "f-100.xml", Wrapped(UblWriter.Write(InvoiceBuilder.BuildInvoice(May("F-100", 31m, today, order))), DocumentType.Invoice));
        Assert.Equal(Outcome.Disputed, wrong.Outcome);
        var qty = Assert.Single(wrong.Reasons);
        Assert.Equal("QTY", qty.Code);
        Assert.Equal("Levererat 16,50 dagar (2024-05-01–2024-05-19, avbrott 2024-05-20, praktik 5 dagar à 50 %); fakturerat 31,00 dagar.", qty.Text);

        var original = May("F-100", 31m, today, order);
        var credit = intake.Take(Channel.File, "k-100.xml", UblWriter.Write(InvoiceBuilder.BuildFullCredit(original, "K-100", today)));
        Assert.Equal(Outcome.Credited, credit.Outcome);

        var corrected = UblWriter.Write(InvoiceBuilder.BuildInvoice(May("F-101", 16.50m, today, order)));
        Assert.Equal(Outcome.Approved, intake.Take(Channel.File, "f-101.xml", corrected).Outcome);
        Assert.Equal(Outcome.Duplicate, intake.Take(Channel.Inbox, "f-101-again.xml", corrected).Outcome);
        Assert.Equal(1, conn.ExecuteScalar<int>("select count(*) from invoices where invoice_number = 'F-101'"));

        // A second invoice on the now approved line is disputed (REF), and a second credit of F-100 is rejected.
        var again = intake.Take(Channel.File, "f-102.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(May("F-102", 16.50m, today, order))));
        Assert.Equal(["REF"], again.Reasons.Select(r => r.Code));
        Assert.Equal(Outcome.Rejected, intake.Take(Channel.File, "k-100b.xml", UblWriter.Write(InvoiceBuilder.BuildFullCredit(original, "K-101", today))).Outcome);

        var payments = new PaymentRun(db.DataSource, new Responder(Buyer, new NodaTime.Testing.FakeClock(Instant.FromUtc(2024, 7, 10, 8, 0)), () => new LocalDate(2024, 7, 10)), outbox);
        Assert.Empty(payments.Run(new LocalDate(2024, 7, 9)));
        var paid = Assert.Single(payments.Run(new LocalDate(2024, 7, 10)));
        Assert.Equal("F-101", paid.InvoiceNumber);
        Assert.Empty(payments.Run(new LocalDate(2024, 7, 10)));

        // Every answer is in the outbox, SBDH-wrapped, and passes the T111 rules.
        var codes = Directory.GetFiles(outbox, "SVAR-*.xml").Where(f => !f.Contains("-igen-")).Concat(Directory.GetFiles(outbox, "BETALD-*.xml")).Select(f =>
        {
            var report = DocumentValidator.Validate(File.ReadAllBytes(f));
            Assert.True(report.Valid, $"{f}: {string.Join("; ", report.Findings)}");
            Assert.NotNull(report.Envelope);
            return report.Document!.Descendants(XName.Get("ResponseCode", UblNamespaces.Cbc)).Single().Value;
        }).Order().ToList();
        Assert.Equal(["AP", "AP", "PD", "RE", "UQ", "UQ"], codes);
        // The resend got the first answer again, byte for byte.
        var resent = Assert.Single(Directory.GetFiles(outbox, "*-igen-*.xml"));
        var firstAnswer = Path.Combine(outbox, Path.GetFileName(resent)[..Path.GetFileName(resent).IndexOf("-igen-", StringComparison.Ordinal)] + ".xml");
        Assert.Equal(File.ReadAllBytes(firstAnswer), File.ReadAllBytes(resent));
        var uq = File.ReadAllText(Directory.GetFiles(outbox, "SVAR-*.xml").First(f => File.ReadAllText(f).Contains(">UQ<") && File.ReadAllText(f).Contains("F-100")));
        Assert.Contains("CNF", uq);
        Assert.Contains("NIN", uq);
        Assert.Contains("Skicka en kreditnota på hela beloppet och en ny faktura.", uq);

        var may = Reconciler.Rows(db.DataSource, "5569876542", "2024-05").Single();
        Assert.Equal((1919.83m, 1021.85m), (may.Ordered, may.Delivered));
        Assert.Equal(1919.83m + 1021.85m + 1021.85m, may.Invoiced);
        Assert.Equal((1021.85m, 1021.85m, 1919.83m, 1021.85m, 0m), (may.Approved, may.Disputed, may.Credited, may.Paid, may.Outstanding));

        var listed = InvoiceListing.All(db.DataSource);
        Assert.Equal(["disputed", "credited", "approved", "duplicate", "disputed", "rejected"], listed.Select(i => i.Outcome));

        // F-101 is paid: its credit note is rejected (the line would open again, to be invoiced and paid twice).
        var creditOfPaid = intake.Take(Channel.File, "k-102.xml", UblWriter.Write(InvoiceBuilder.BuildFullCredit(May("F-101", 16.50m, today, order), "K-102", today)));
        Assert.Equal(Outcome.Rejected, creditOfPaid.Outcome);
        Assert.Contains("redan betald", Assert.Single(creditOfPaid.Reasons).Text);
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from credits c join invoices i on i.id = c.invoice_id where i.invoice_number = 'F-101'"));
    }
}
