using System.Xml.Linq;
using Dapper;
using NodaTime;
using NodaTime.Testing;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Tests.Shared;
using Settlement.Worker.Demo;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Portal;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Invoicing;
using Settlement.Worker.Portal.Users;
using Settlement.Worker.Tests.Database;
using Xunit.Abstractions;

namespace Settlement.Worker.Tests.Demo;

/// <summary>
/// Everything a demo run writes and receives, judged by the official PEPPOL validation artefacts
/// (Saxon-HE) and the UBL 2.1 schema (xmllint) in one batch: the orders and Invoice Responses of
/// out/outbox, the providers' invoices and credit notes of out/inbox, and an invoice made by the
/// provider portal's "Skapa faktura". The documents are made by the same code paths as in
/// production (the worker's order documents and responder, SBDH-wrapped), so this is the check
/// that what the service sends would pass an access point's validation, and that our own
/// validator gives the same verdict.
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public sealed class OfficialArtefactDemoTests(ITestOutputHelper output) : IDisposable
{
    private readonly string work = Path.Combine(Path.GetTempPath(), $"official-demo-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;

    /// <summary>The kinds a demo run must produce; an absent kind would pass the test without being checked.</summary>
    private static readonly string[] Expected =
    [
        "Order Grundersättning", "Order Snabbhetspremie", "Order Resultatersättning steg 1", "Order Resultatersättning steg 2", "Order Tilläggsersättning",
        "ApplicationResponse AP", "ApplicationResponse RE", "ApplicationResponse UQ", "ApplicationResponse PD",
        "Invoice", "CreditNote", "portal Invoice",
    ];

    [Fact]
    public void Every_document_of_a_demo_run_and_a_portal_invoice_passes_officially_and_our_validator_agrees()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var documents = RunDemoAndPortal();
        var demoTime = clock.Elapsed;
        var verdicts = OfficialArtefacts.Check(documents.Select(d => d.Document).ToList());
        output.WriteLine($"demo and portal {demoTime.TotalSeconds:0.0} s, official validation {(clock.Elapsed - demoTime).TotalSeconds:0.0} s");

        var kinds = documents.Select((d, i) => (Kind: d.Portal ? $"portal {verdicts[i].Type}" : KindOf(d.Document, verdicts[i].Type), verdicts[i].Valid)).ToList();
        foreach (var group in kinds.GroupBy(k => k.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"{group.Key}: {group.Count()} documents, {group.Count(k => k.Valid)} pass officially");
        output.WriteLine($"all: {documents.Count} documents, {verdicts.Count(v => v.Valid)} pass officially");
        foreach (var warning in verdicts.SelectMany(v => v.Asserts.Where(a => !a.IsFatal)).GroupBy(a => a.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"official warning {warning.Key}: {warning.Count()} times, e.g. at {warning.First().ShortLocation}: {warning.First().Text}");

        var problems = new List<string>();
        var missing = Expected.Except(kinds.Select(k => k.Kind)).ToList();
        if (missing.Count > 0) problems.Add($"The run produced no document of these kinds: {string.Join(", ", missing)}.");
        if (OfficialReport.Failures(verdicts) is { Length: > 0 } failures) problems.Add(failures);
        var documentsOnly = documents.Select(d => d.Document).ToList();
        var disagreements = OfficialReport.Disagreements(documentsOnly, verdicts);
        if (disagreements.Count > 0) problems.Add(OfficialReport.Describe(disagreements, documents.Count));
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    /// <summary>An Order by what it orders (its first line's item), an Invoice Response by its code, anything else by its type.</summary>
    private static string KindOf(OfficialDocument document, DocumentType? type)
    {
        var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(document.Bytes)).Root!;
        return type switch
        {
            DocumentType.Order => $"Order {root.Descendants(Cac + "Item").Select(i => (string?)i.Element(Cbc + "Name")).FirstOrDefault()}",
            DocumentType.ApplicationResponse => $"ApplicationResponse {root.Descendants(Cbc + "ResponseCode").Select(c => c.Value).FirstOrDefault()}",
            _ => type?.ToString() ?? "unknown",
        };
    }

    /// <summary>
    /// The demo (the same code as `settle demo`) on a smaller generated sample, then one invoice
    /// through the portal; returns every document written or received, with whether it is the
    /// portal's.
    /// </summary>
    private List<(OfficialDocument Document, bool Portal)> RunDemoAndPortal()
    {
        var samples = Path.Combine(work, "samples");
        Directory.CreateDirectory(samples);
        File.Copy(Repo.Path("samples", "tariff.json"), Path.Combine(samples, "tariff.json"));
        File.WriteAllText(Path.Combine(samples, "demo-events.jsonl"), DemoEvents.Generate(placements: 90));
        var outDirectory = Path.Combine(work, "out");
        var outbox = Path.Combine(outDirectory, "outbox");

        var db = new TestDatabase();
        try
        {
            new DemoRunner(db.DataSource, samples, outDirectory).Run();
            var (credit, portalInvoices) = InvoiceThroughThePortal(db, outbox);
            var files = new[] { "outbox", "inbox" }
                .SelectMany(folder => Directory.GetFiles(Path.Combine(outDirectory, folder)).Order(StringComparer.Ordinal))
                .Select(f => (new OfficialDocument(Path.GetRelativePath(outDirectory, f), File.ReadAllBytes(f)), false));
            return [.. files, (credit, false), .. portalInvoices.Select(p => (p, true))];
        }
        finally { db.Dispose(); }
    }

    private sealed class OpenInvoice
    {
        public string InvoiceNumber { get; init; } = "";
        public LocalDate IssueDate { get; init; }
        public LocalDate DueDate { get; init; }
        public string OrderNumber { get; init; } = "";
        public int LineNo { get; init; }
        public decimal Quantity { get; init; }
        public decimal Price { get; init; }
        public string SellerOrg { get; init; } = "";
        public string Article { get; init; } = "";
        public string UnitCode { get; init; } = "";
        public LocalDate PeriodFrom { get; init; }
        public LocalDate PeriodTo { get; init; }
        public string PlacementId { get; init; } = "";
        public string VatCategory { get; init; } = "";
        public decimal VatPercent { get; init; }
        public string Agreement { get; init; } = "";
    }

    /// <summary>
    /// At the demo's end every delivered line is invoiced, so the portal has nothing to invoice:
    /// as in the portal's own test, the provider first credits an approved, unpaid base-pay invoice
    /// in full (the line is open again), then makes its invoice with "Skapa faktura". Returns the
    /// credit note and the portal invoice(s) as the intake archived them (inbound_documents, channel portal).
    /// </summary>
    private static (OfficialDocument Credit, List<OfficialDocument> Portal) InvoiceThroughThePortal(TestDatabase db, string outbox)
    {
        var buyer = BuyerConfiguration.Default;
        var today = DemoEvents.Last;
        var clock = new FakeClock(Instant.FromUtc(today.Year, today.Month, today.Day, 9, 0));
        using var conn = db.Connect();
        var open = conn.QueryFirst<OpenInvoice>("""
            select v.invoice_number as InvoiceNumber, v.issue_date as IssueDate, v.due_date as DueDate, v.order_number as OrderNumber,
                   v.line_no as LineNo, v.quantity, v.price, v.seller_org as SellerOrg, l.article, l.unit_code as UnitCode,
                   l.period_from as PeriodFrom, l.period_to as PeriodTo, o.placement_id as PlacementId,
                   o.vat_category as VatCategory, o.vat_percent as VatPercent, p.agreement
            from invoices v join order_lines l on l.order_number = v.order_number and l.line_no = v.line_no
            join orders o on o.number = v.order_number join providers p on p.org_number = v.seller_org
            where v.status = 'approved' and l.period_from is not null
              and not exists (select 1 from credits c where c.invoice_id = v.id)
              and not exists (select 1 from payments y where y.invoice_id = v.id)
            order by v.id desc
            """);
        var seller = Responder.Provider(conn, null, open.SellerOrg)!;
        var invoice = new InvoiceRequest(open.InvoiceNumber, open.IssueDate, open.DueDate, seller, buyer.Party, PurchaseOrderNumber.Parse(open.OrderNumber),
            open.LineNo.ToString(System.Globalization.CultureInfo.InvariantCulture), open.Article, open.Quantity, open.UnitCode, open.Price,
            new VatRate(open.VatCategory, open.VatPercent), open.PlacementId, new DateInterval(open.PeriodFrom, open.PeriodTo),
            new Bankgiro("5050-1055"), open.Agreement);
        var creditBytes = UblWriter.Write(InvoiceBuilder.BuildFullCredit(invoice, "K" + open.InvoiceNumber[1..] + "-P", today));
        var intake = new IntakeService(db.DataSource, buyer, new Responder(buyer, clock, () => today), outbox);
        Assert.Equal(Outcome.Credited, intake.Take(Channel.File, "portal-test-credit.xml", creditBytes).Outcome);

        var options = new PortalOptions { OutboxDirectory = outbox, Today = _ => today };
        var provider = new Viewer(1, $"lev-{open.SellerOrg}", PortalRoles.Provider, open.SellerOrg);
        var sent = new PortalInvoicing(db.DataSource, buyer, clock, options).Create(provider, open.OrderNumber, open.LineNo);
        Assert.True(sent.Sent, $"the portal sent no invoice for {open.OrderNumber} line {open.LineNo}: {sent.Problem}");

        var portal = conn.Query<(long Id, string Source, byte[] Content)>("select id, source, content from inbound_documents where channel = 'portal' order by id")
            .Select(d => new OfficialDocument($"inbound_documents {d.Id} ({d.Source}, portal invoice {sent.InvoiceNumber})", d.Content)).ToList();
        return (new OfficialDocument($"credit note of {open.InvoiceNumber} (made by this test, before the portal invoice)", creditBytes), portal);
    }
}
