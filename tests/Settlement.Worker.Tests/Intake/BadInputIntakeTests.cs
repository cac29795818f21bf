using System.Text;
using Dapper;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Worker.Events;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Orders;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Worker.Tests.Intake;

/// <summary>
/// Every kind of bad document is rejected with a reason a provider can act on, archived byte for
/// byte, and the intake goes on with the next one. Nothing reads outside the service.
/// </summary>
public sealed class BadInputIntakeTests : IClassFixture<TestDatabase>, IDisposable
{
    private readonly TestDatabase db;
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}");
    private static readonly BuyerConfiguration Buyer = WorkedExample.Buyer;
    private static readonly Party Seller = WorkedExample.ExempelRusta;
    private static readonly Party OtherSeller = WorkedExample.NorrlandsMatchning;
    private static readonly Party Stranger = new("Okänd AB", OrganisationNumber.Parse("5560000001"), ParticipantId.Parse("0007:5560000001"),
        "SE556000000101", new PostalAddress("Gatan 1", "Ort", "11111", "SE"));
    private readonly string order;

    public BadInputIntakeTests(TestDatabase db)
    {
        this.db = db;
        order = WorkedExample.IssueAndDeliver(db, outbox);
    }

    public void Dispose() { if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true); }

    private IntakeService Intake(InboundOptions? options = null) =>
        new(db.DataSource, Buyer, new Responder(Buyer, NodaTime.Testing.FakeClock.FromUtc(2024, 6, 10), () => new LocalDate(2024, 6, 10)), outbox, options);

    private InvoiceRequest Request(string number, Party? seller = null, string? orderNumber = null, string line = "3") =>
        WorkedExample.Invoice(orderNumber ?? order, number, line, 16.50m, new LocalDate(2024, 6, 10), seller);

    private byte[] Invoice(string number, Party? seller = null, string? orderNumber = null, string line = "3") =>
        UblWriter.Write(InvoiceBuilder.BuildInvoice(Request(number, seller, orderNumber, line)));

    private static byte[] Envelope(byte[] ubl, ParticipantId receiver, ParticipantId? sender = null) =>
        SbdhCodec.Wrap(ubl, SbdhEnvelope.For(DocumentType.Invoice, sender ?? Seller.ParticipantId, receiver, Guid.NewGuid().ToString(), Instant.FromUtc(2024, 6, 10, 9, 0)));

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Each bad document and the reason code (OPStatusReason) its rejection starts with.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "not-xml", "OTH" }, { "empty", "OTH" }, { "binary", "OTH" }, { "truncated", "OTH" }, { "wrong-namespace", "OTH" }, { "cii", "OTH" },
        { "dtd", "OTH" }, { "external-entity", "OTH" }, { "entity-expansion", "OTH" }, { "too-large", "OTH" }, { "too-deep", "OTH" },
        { "sbdh-no-payload", "OTH" }, { "sbdh-two-payloads", "OTH" }, { "sbdh-other-receiver", "REC" }, { "sbdh-other-sender", "UNR" },
        { "unknown-seller", "UNR" }, { "unknown-order", "REF" }, { "other-providers-order", "REF" }, { "two-lines", "ITM" }, { "unknown-line", "REF" },
        { "order-not-invoice", "OTH" },
    };

    private byte[] Bad(string what)
    {
        var good = Invoice("F-" + what);
        var text = Encoding.UTF8.GetString(good);
        return what switch
        {
            "not-xml" => Utf8("Hej, här kommer fakturan för maj."),
            "empty" => [],
            "binary" => [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0xFE, 0x01],
            "truncated" => good[..(good.Length / 2)],
            "wrong-namespace" => Utf8(text.Replace("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "urn:example:invoice")),
            "cii" => Utf8("<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>"),
            "dtd" => Utf8("<?xml version=\"1.0\"?><!DOCTYPE Invoice [<!ELEMENT Invoice ANY>]>" + text[(text.IndexOf("?>", StringComparison.Ordinal) + 2)..]),
            "external-entity" => Utf8("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&x;</Invoice>"),
            "entity-expansion" => Utf8("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&c;</Invoice>"),
            "too-large" => Utf8(text.Replace("<cbc:Note>", "<cbc:Note>" + new string('x', 3000))),
            "too-deep" => Utf8(string.Concat(Enumerable.Repeat("<a>", 200)) + string.Concat(Enumerable.Repeat("</a>", 200))),
            "sbdh-no-payload" => Utf8(Encoding.UTF8.GetString(Envelope(good, Buyer.Party.ParticipantId)) is var s && s.IndexOf("<Invoice", StringComparison.Ordinal) is var i and > 0
                ? s[..i] + "</StandardBusinessDocument>" : throw new InvalidOperationException("no payload found")),
            "sbdh-two-payloads" => TwoPayloads(Envelope(good, Buyer.Party.ParticipantId), good),
            "sbdh-other-receiver" => Envelope(good, ParticipantId.Parse("0007:5561234567")),
            "sbdh-other-sender" => Envelope(good, Buyer.Party.ParticipantId, sender: OtherSeller.ParticipantId), // another provider's envelope
            "unknown-seller" => Invoice("F-" + what, seller: Stranger),
            "unknown-order" => Invoice("F-" + what, orderNumber: "IN991231-9"),
            "other-providers-order" => Invoice("F-" + what, seller: OtherSeller),
            "two-lines" => Utf8(TwoLines(text)),
            "unknown-line" => Invoice("F-" + what, line: "9"),
            "order-not-invoice" => File.ReadAllBytes(Directory.GetFiles(Repo.Path("samples", "orders"))[0]),
            _ => throw new ArgumentException(what),
        };
    }

    private static byte[] TwoPayloads(byte[] wrapped, byte[] payload)
    {
        var s = Encoding.UTF8.GetString(wrapped);
        var inner = Encoding.UTF8.GetString(payload);
        inner = inner[(inner.IndexOf("?>", StringComparison.Ordinal) + 2)..];
        return Utf8(s.Replace("</StandardBusinessDocument>", inner + "</StandardBusinessDocument>"));
    }

    /// <summary>The invoice with its line twice and totals that add up, so that only "more than one line" is wrong.</summary>
    private static string TwoLines(string invoice)
    {
        var start = invoice.IndexOf("<cac:InvoiceLine>", StringComparison.Ordinal);
        var end = invoice.IndexOf("</cac:InvoiceLine>", StringComparison.Ordinal) + "</cac:InvoiceLine>".Length;
        var line = invoice[start..end].Replace("<cbc:ID>1</cbc:ID>", "<cbc:ID>2</cbc:ID>");
        Assert.Contains(">1021.85<", line); // 16.50 × 61.93; twice: 2043.70, VAT round2(510.925) = 510.93
        var totals = invoice[..start].Replace(">1021.85<", ">2043.70<").Replace(">255.46<", ">510.93<").Replace(">1277.31<", ">2554.63<");
        return totals + invoice[start..end] + line + invoice[end..];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_bad_document_is_rejected_with_a_reason_and_archived(string what, string code)
    {
        var bytes = Bad(what);
        var intake = Intake(what == "too-large" ? InboundOptions.Default with { MaxBytes = 2000 } : null);
        var result = intake.Take(Channel.File, what + ".xml", bytes);
        Assert.Equal(Outcome.Rejected, result.Outcome);
        Assert.NotEmpty(result.Reasons);
        Assert.True(code == result.Reasons[0].Code, string.Join(" / ", result.Reasons.Select(r => r.Code + " " + r.Text))); // the reason its name claims, not another
        Assert.All(result.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));

        using var conn = db.Connect();
        Assert.Equal(bytes, conn.QuerySingle<byte[]>("select content from inbound_documents where id = @ArchiveId", result));
        Assert.Equal("rejected", conn.QuerySingle<string>("select outcome from inbound_outcomes where document_id = @ArchiveId", result));

        // The intake goes on: a good invoice right after is registered as usual.
        var next = Intake().Take(Channel.File, "next.xml", Invoice($"F-next-{what}"));
        Assert.NotEqual(Outcome.Rejected, next.Outcome);
    }

    [Fact]
    public void An_invoice_number_reused_for_a_different_document_is_rejected()
    {
        var intake = Intake();
        Assert.NotEqual(Outcome.Rejected, intake.Take(Channel.File, "a.xml", Invoice("F-SAME")).Outcome);
        var other = UblWriter.Write(InvoiceBuilder.BuildInvoice(Request("F-SAME", line: "4")));
        var r = intake.Take(Channel.File, "b.xml", other);
        Assert.Equal(Outcome.Rejected, r.Outcome);
        Assert.Contains("redan använt", r.Reasons[0].Text);
    }

    [Fact]
    public void A_document_archived_but_not_decided_is_decided_by_the_next_intake()
    {
        var archived = InboundArchive.Store(db.DataSource, Channel.Inbox, "crashed.xml", Invoice("F-CRASH"));
        var recovered = Intake().Recover();
        Assert.Contains(recovered, r => r.ArchiveId == archived.Id && r.DocumentId == "F-CRASH");
        Assert.Empty(Intake().Recover());
    }

    [Fact]
    public void A_recovered_document_whose_resend_was_decided_meanwhile_is_a_duplicate_of_the_resend()
    {
        var bytes = Invoice("F-RESENT");
        var crashed = InboundArchive.Store(db.DataSource, Channel.Inbox, "crashed.xml", bytes); // archived, then the node died
        var resend = Intake().Take(Channel.Http, "again.xml", bytes);                           // the access point tried again
        Assert.Contains(resend.Outcome, new[] { Outcome.Approved, Outcome.Disputed });       // registered (the line may be held by another test's invoice)

        var recovered = Assert.Single(Intake().Recover(), r => r.ArchiveId == crashed.Id);
        Assert.Equal(Outcome.Duplicate, recovered.Outcome);
        Assert.Contains($"arkiv-id {resend.ArchiveId}", recovered.Reasons[0].Text);
        using var conn = db.Connect();
        Assert.Equal(1, conn.ExecuteScalar<int>("select count(*) from invoices where invoice_number = 'F-RESENT'"));
        // The first answer again, not a new decision.
        var answer = conn.QuerySingle<byte[]>(
            "select o.document from responses r join outbox o on o.response_id = r.response_id where r.document_id = @ArchiveId", resend);
        Assert.Equal(answer, conn.QuerySingle<byte[]>("select document from outbox where file_name like '%-igen-' || @Id || '.xml'", crashed));
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from responses where document_id = @Id", crashed));
    }

    [Fact]
    public void A_failure_after_a_chunk_leaves_it_decided_and_the_chunk_archived_meanwhile_to_Recover()
    {
        // Two chunks; the caller fails on the first result, while the second chunk is being archived.
        var documents = Enumerable.Range(0, IntakeService.ChunkSize + 3)
            .Select(i => InboundDocument.Of(Channel.Inbox, $"many-{i}.xml", Encoding.UTF8.GetBytes($"<not-ubl n=\"{i}\"/>"))).ToList();
        var intake = Intake();
        Assert.Throws<InvalidOperationException>(() => intake.TakeMany(documents, _ => throw new InvalidOperationException("the caller stopped")));

        using var conn = db.Connect();
        var decided = conn.ExecuteScalar<int>("select count(*) from inbound_outcomes o join inbound_documents d on d.id = o.document_id where d.source like 'many-%'");
        Assert.Equal(IntakeService.ChunkSize, decided); // the first chunk committed before the caller saw it
        var recovered = intake.Recover();
        Assert.Equal(3, recovered.Count(r => r.Source.StartsWith("many-"))); // the second chunk was archived, so it is not lost
        Assert.All(recovered.Where(r => r.Source.StartsWith("many-")), r => Assert.Equal(Outcome.Rejected, r.Outcome));
        Assert.Equal(IntakeService.ChunkSize + 3, conn.ExecuteScalar<int>("select count(*) from inbound_documents where source like 'many-%'"));
    }
}
