using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Intake;
using Settlement.Worker.Replay;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Replay;

/// <summary>
/// Every stored verdict is redone (SETTLE-REPLAY-VERDICT), rejections and duplicates included: a
/// superuser who flips a rejection to an approval and also writes the registration and the answer
/// it implies leaves the records agreeing with one another (<see cref="RecordAgreementTests"/> sees
/// nothing), but the document, validated and matched again, is still a rejection.
/// </summary>
public sealed class ReplayVerdictTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_rejection_made_an_approval_with_its_registration_and_answer_is_found_by_redoing_the_verdict()
    {
        var today = new LocalDate(2024, 7, 10);
        var outbox = Path.Combine(Path.GetTempPath(), $"verdicts-{Guid.NewGuid():N}");
        var intake = new IntakeService(cycle.Db.DataSource, BuyerConfiguration.Default,
            new Responder(BuyerConfiguration.Default, new NodaTime.Testing.FakeClock(Instant.FromUtc(2024, 7, 10, 8, 0)), () => today), outbox);
        try
        {
            // A document whose payable amount disagrees with its totals: the official rule BR-CO-16 rejects it.
            var request = new InvoiceRequest("F-200", today, today.PlusDays(30), WorkedExample.ExempelRusta, BuyerConfiguration.Default.Party,
                PurchaseOrderNumber.Parse(cycle.MayOrder), "3", "Grundersättning", 16.50m, "DAY", 61.93m, VatRate.Standard25, "GR-2024-000101");
            var xml = Encoding.UTF8.GetString(UblWriter.Write(InvoiceBuilder.BuildInvoice(request)));
            var broken = Regex.Replace(xml, "(<cbc:PayableAmount currencyID=\"SEK\">)[^<]+(<)", "${1}1.00${2}");
            var rejected = intake.Take(Channel.File, "f-200.xml", Encoding.UTF8.GetBytes(broken));
            Assert.Equal(Settlement.Worker.Matching.Outcome.Rejected, rejected.Outcome);
            Assert.Contains(rejected.Reasons, r => r.Text.StartsWith("[BR-CO-16]"));
            // A resend of it: a duplicate, redone as one too.
            Assert.Equal(Settlement.Worker.Matching.Outcome.Duplicate, intake.Take(Channel.File, "f-200-again.xml", Encoding.UTF8.GetBytes(broken)).Outcome);
            var clean = Replayer.Run(cycle.Db.DataSource);
            Assert.True(clean.Ok, string.Join("\n", clean.Differences.Select(d => $"{d.What}: {d.Stored} / {d.Recomputed}")));

            // The superuser's whole story: the outcome, a registered invoice on a free line, and an AP answer instead of RE.
            using var conn = cycle.Db.Connect();
            Tamper.Bypassing(conn, "inbound_outcomes", "update inbound_outcomes set outcome = 'approved', reasons = '[]' where document_id = @id", new { id = rejected.ArchiveId });
            Assert.Equal(1, conn.Execute("""
                insert into invoices (document_id, seller_org, invoice_number, issue_date, due_date, order_number, line_no, quantity, price, amount, vat_amount, payable, status)
                select @id, '5569876542', 'F-200', date '2024-07-10', date '2024-08-09', order_number, line_no, 1, 1, 1, 0.25, 1.25, 'approved'
                from order_lines where order_number = @order and line_no = 1
                """, new { id = rejected.ArchiveId, order = cycle.MayOrder }));
            Tamper.Bypassing(conn, "responses", "update responses set code = 'AP' where document_id = @id", new { id = rejected.ArchiveId });

            var differences = Replayer.Run(cycle.Db.DataSource).Differences;
            Assert.DoesNotContain(differences, d => d.What.Contains("registration") || d.What.EndsWith(" answer"));
            var verdict = Assert.Single(differences, d => d.What == $"inbound document {rejected.ArchiveId} verdict");
            Assert.Equal(("approved", "rejected (OTH)"), (verdict.Stored, verdict.Recomputed));
            Assert.Contains("[BR-CO-16]", verdict.Derivation);
        }
        finally { if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true); }
    }
}
