using Dapper;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Intake;
using Settlement.Worker.Replay;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Tests.Replay;

/// <summary>
/// Rows changed behind the service's back without touching a figure: a payment row deleted (which
/// used to pass replay and then make every later payment run fail), and a rejection flipped to an
/// approval. Replay reports both, and nothing on the records as the service wrote them.
/// </summary>
public sealed class ReplayRecordAgreementTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_deleted_payment_and_a_flipped_verdict_are_reported()
    {
        var today = new LocalDate(2024, 7, 10);
        var outbox = Path.Combine(Path.GetTempPath(), $"agreement-{Guid.NewGuid():N}");
        var responder = new Responder(BuyerConfiguration.Default, new NodaTime.Testing.FakeClock(Instant.FromUtc(2024, 7, 10, 8, 0)), () => today);
        try
        {
            Assert.Contains(new PaymentRun(cycle.Db.DataSource, responder, outbox).Run(today), p => p.InvoiceNumber == "F-101");
            var unknownOrder = new InvoiceRequest("F-REJ", today, today.PlusDays(30), WorkedExample.ExempelRusta, BuyerConfiguration.Default.Party,
                PurchaseOrderNumber.Parse("IN990101-1"), "1", "Grundersättning", 1m, "DAY", 61.93m, VatRate.Standard25, "GR-2024-000101");
            var rejected = new IntakeService(cycle.Db.DataSource, BuyerConfiguration.Default, responder, outbox)
                .Take(Channel.File, "f-rej.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(unknownOrder)));
            Assert.Equal(Settlement.Worker.Matching.Outcome.Rejected, rejected.Outcome);
            Assert.Empty(Replayer.Run(cycle.Db.DataSource).Differences);

            using var conn = cycle.Db.Connect();
            Tamper.Bypassing(conn, "payments", "delete from payments where invoice_id = (select id from invoices where invoice_number = 'F-101')");
            var payment = Assert.Single(Replayer.Run(cycle.Db.DataSource).Differences);
            Assert.Equal(("invoice F-101 of 5569876542 payment", "not paid", "paid (a PD answer was sent)"), (payment.What, payment.Stored, payment.Recomputed));

            Tamper.Bypassing(conn, "inbound_outcomes", "update inbound_outcomes set outcome = 'approved' where document_id = @id", new { id = rejected.ArchiveId });
            var flipped = Replayer.Run(cycle.Db.DataSource).Differences.Where(d => d.What.StartsWith($"inbound document {rejected.ArchiveId} ")).ToList();
            Assert.Equal([$"inbound document {rejected.ArchiveId} (F-REJ) answer", $"inbound document {rejected.ArchiveId} (F-REJ) registration",
                    $"inbound document {rejected.ArchiveId} verdict"],
                flipped.Select(d => d.What).Order(StringComparer.Ordinal));
            Assert.Contains(flipped, d => d.Stored == "no registered invoice" && d.Recomputed == "as its verdict approved");
            Assert.Contains(flipped, d => d.Stored == "RE" && d.Recomputed == "AP for its verdict approved");
            Assert.Contains(flipped, d => d.Stored == "approved (REF)" && d.Recomputed == "rejected (REF)"); // the reasons were left as they were
        }
        finally { if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true); }
    }
}
