using System.Xml.Linq;
using Dapper;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Intake;

/// <summary>
/// Issue 17 through the real intake: Exempel Rusta AB registers a GLN as an invoicing address; its
/// invoice sent from the GLN is tied to it by its legal identity and registered, one sent from an id
/// it has not registered is rejected UNR, and each answer goes back to the id the document came from.
/// </summary>
public sealed class ProviderIdsIntakeTests : IClassFixture<TestDatabase>, IDisposable
{
    private const string Gln = "0088:7300010000001", Unregistered = "0088:7350000000009";
    private readonly TestDatabase db;
    private readonly string root = Path.Combine(Path.GetTempPath(), $"provider-ids-{Guid.NewGuid():N}");
    private readonly string order;

    public ProviderIdsIntakeTests(TestDatabase db)
    {
        this.db = db;
        Directory.CreateDirectory(root);
        var events = Path.Combine(root, "events.jsonl");
        File.WriteAllLines(events, File.ReadAllLines(Repo.Path("samples", "events-worked.jsonl")).Select(l =>
            l.Contains("\"type\":\"provider\"") && l.Contains("\"orgNumber\":\"5569876542\"")
                ? l.Replace("\"peppolId\":\"0007:5569876542\"", $"\"peppolId\":\"0007:5569876542\",\"invoicingIds\":[\"{Gln}\"]") : l));
        order = WorkedExample.IssueAndDeliver(db, Path.Combine(root, "outbox"), events);
    }

    public void Dispose() { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }

    private IntakeResult Send(string number, string from)
    {
        var seller = WorkedExample.ExempelRusta with { ParticipantId = ParticipantId.Parse(from) };
        var ubl = UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.Invoice(order, number, "3", 16.50m, new LocalDate(2024, 6, 10), seller)));
        var bytes = SbdhCodec.Wrap(ubl, SbdhEnvelope.For(DocumentType.Invoice, seller.ParticipantId, WorkedExample.Buyer.Party.ParticipantId,
            Guid.NewGuid().ToString(), Instant.FromUtc(2024, 6, 10, 9, 0)));
        var intake = new IntakeService(db.DataSource, WorkedExample.Buyer,
            new Responder(WorkedExample.Buyer, NodaTime.Testing.FakeClock.FromUtc(2024, 6, 10), () => new LocalDate(2024, 6, 10)), Path.Combine(root, "outbox"));
        return intake.Take(Channel.File, number + ".xml", bytes);
    }

    /// <summary>The SBDH receiver of the answer to the archived document.</summary>
    private string AnswerReceiver(long archiveId)
    {
        using var conn = db.Connect();
        var document = conn.QuerySingle<byte[]>(
            "select o.document from responses r join outbox o on o.response_id = r.response_id where r.document_id = @archiveId", new { archiveId });
        var (envelope, _) = SbdhCodec.Unwrap(XDocument.Load(new MemoryStream(document)).Root!, new List<Finding>());
        return envelope!.Receiver.ToString();
    }

    [Fact]
    public void An_invoice_from_the_providers_invoicing_id_is_registered_and_answered_at_that_id()
    {
        var result = Send("F-GLN-1", Gln);
        Assert.Equal(Outcome.Approved, result.Outcome);
        Assert.Equal(Gln, AnswerReceiver(result.ArchiveId));
        using var conn = db.Connect();
        Assert.Equal("5569876542", conn.QuerySingle<string>("select seller_org from invoices where invoice_number = 'F-GLN-1'"));
    }

    [Fact]
    public void An_invoice_from_an_id_the_provider_has_not_registered_is_rejected_UNR_and_answered_at_that_id()
    {
        var result = Send("F-GLN-2", Unregistered);
        Assert.Equal(Outcome.Rejected, result.Outcome);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal("UNR", reason.Code);
        Assert.Contains(Unregistered, reason.Text);
        Assert.Equal(Unregistered, AnswerReceiver(result.ArchiveId));
    }
}
