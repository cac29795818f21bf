using System.Security.Cryptography;
using System.Text;
using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Worker.Database;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Party = Settlement.Peppol.Parties.Party;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Demo;

/// <summary>
/// The demo's providers: they invoice every delivered line (one order line, one invoice), through
/// an access point that drops the documents in the inbox, and make the usual mistakes, chosen
/// deterministically from the order line so every run of the demo is the same:
/// a full month invoiced after an interruption, a wrong price, a resend of the same file, a wrong
/// order line reference. A disputed invoice is fully credited and re-issued at the next run, a
/// rejected one re-issued corrected.
/// </summary>
internal sealed class ProviderSimulator(NpgsqlDataSource ds, IntakeService intake, BuyerConfiguration buyer, string inboxDirectory,
    Func<string, DemoProvider> providers, ProviderSimulator.Policy policy)
{
    /// <summary>What a provider gets wrong on a line (none most of the time).</summary>
    public enum Mistake { None, FullMonth, WrongPrice, WrongLine, Resend }

    /// <summary>Chooses the mistake for a line from a stable hash of it, and whether the line was cut short by an interruption.</summary>
    public delegate Mistake Policy(int hash, bool cutShort);

    /// <summary>The demo's mix: half the interrupted months invoiced in full, about 3 % wrong prices, 2 % wrong lines, 2 % resends.</summary>
    public static Mistake DemoMix(int h, bool cutShort) =>
        cutShort && h % 2 == 0 ? Mistake.FullMonth : h % 37 == 1 ? Mistake.WrongPrice : h % 53 == 3 ? Mistake.WrongLine : h % 41 == 2 ? Mistake.Resend : Mistake.None;

    public sealed record ToSend(string FileName, byte[] Bytes);

    private readonly HashSet<(string Order, int Line)> invoiced = [];
    private readonly List<Func<LocalDate, IEnumerable<ToSend>>> followUps = [];

    public sealed record DayReport(int Sent, Dictionary<Outcome, int> Outcomes);

    private sealed record OpenLine(string OrderNumber, int LineNo, string ProviderOrg, string Placement, string Article, decimal Planned,
        string UnitCode, decimal Price, decimal Delivered, LocalDate? PeriodFrom, LocalDate? PeriodTo);

    public DayReport Run(LocalDate date) => Deliver(Prepare(date));

    /// <summary>The providers' side: the documents they send on the date (corrections of earlier mistakes first).</summary>
    public IReadOnlyList<ToSend> Prepare(LocalDate date)
    {
        var documents = new List<ToSend>();
        var pending = followUps.ToList();
        followUps.Clear();
        foreach (var followUp in pending) documents.AddRange(followUp(date));
        documents.AddRange(FirstInvoices(date, int.MaxValue));
        return documents;
    }

    /// <summary>
    /// At most <paramref name="max"/> first invoices of delivered lines not invoiced yet, without the
    /// corrections: for sending a large day in slices (settle bench), so that not every document is
    /// held in memory at once. The delivered lines are read at the date's first slice. Call until it
    /// returns none; corrections come with the next <see cref="Prepare"/>.
    /// </summary>
    public IReadOnlyList<ToSend> PrepareSlice(LocalDate date, int max)
    {
        if (slicing?.Date != date) slicing = (date, new Queue<OpenLine>(Delivered(date)));
        var todo = new List<OpenLine>();
        while (todo.Count < max && slicing.Value.Lines.TryDequeue(out var line))
            if (invoiced.Add((line.OrderNumber, line.LineNo))) todo.Add(line);
        return Build(todo, date);
    }

    private (LocalDate Date, Queue<OpenLine> Lines)? slicing;

    private List<ToSend> FirstInvoices(LocalDate date, int max) =>
        Build(Delivered(date).Where(line => invoiced.Add((line.OrderNumber, line.LineNo))).Take(max).ToList(), date);

    /// <summary>Every line delivered by the date, in order and line order.</summary>
    private List<OpenLine> Delivered(LocalDate date)
    {
        using var conn = ds.Connect();
        return conn.Query<OpenLine>("""
            select o.number as OrderNumber, l.line_no as LineNo, o.provider_org as ProviderOrg, o.placement_id as Placement, l.article as Article,
                   l.quantity as Planned, l.unit_code as UnitCode, l.price as Price, d.quantity as Delivered, l.period_from as PeriodFrom, l.period_to as PeriodTo
            from deliveries d join order_lines l on l.order_number = d.order_number and l.line_no = d.line_no
            join orders o on o.number = l.order_number
            where d.status = 'delivered' and d.quantity > 0 and d.registered_on <= @date
            order by o.number, l.line_no
            """, new { date }).ToList();
    }

    /// <summary>The first invoices of these lines, built on every core, then recorded in line order (same follow-ups, same order).</summary>
    private List<ToSend> Build(List<OpenLine> todo, LocalDate date) =>
        todo.AsParallel().AsOrdered().Select(line => FirstInvoice(line, date)).ToList().Select(Record).ToList();

    /// <summary>The access point's side: the documents land in the inbox folder and the intake takes them in.</summary>
    public DayReport Deliver(IReadOnlyList<ToSend> documents)
    {
        Land(documents);
        return TakeIn(documents);
    }

    /// <summary>What the access point delivers lands in the inbox folder, one file per document.</summary>
    public void Land(IReadOnlyList<ToSend> documents)
    {
        foreach (var doc in documents) File.WriteAllBytes(Path.Combine(inboxDirectory, doc.FileName), doc.Bytes);
    }

    /// <summary>
    /// The intake takes in the documents, in the order given: from the inbox folder they landed in
    /// (<see cref="Land"/>), or as the access point hands them over the HTTP channel (`POST /api/inbox`).
    /// </summary>
    public DayReport TakeIn(IReadOnlyList<ToSend> documents, Channel channel = Channel.Inbox)
    {
        string Source(ToSend d) => channel == Channel.Inbox ? Path.Combine(inboxDirectory, d.FileName) : $"access point: {d.FileName}";
        var outcomes = intake.TakeMany(documents.Select(d => InboundDocument.Of(channel, Source(d), d.Bytes)))
            .GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count());
        return new DayReport(documents.Count, outcomes);
    }

    private sealed record Built(InvoiceRequest Correct, InvoiceRequest Sent, Mistake Mistake, byte[] Bytes);

    private ToSend Record(Built b)
    {
        var (correct, sent, bytes) = (b.Correct, b.Sent, b.Bytes);
        if (b.Mistake == Mistake.Resend)
            followUps.Add(_ => [new ToSend(sent.InvoiceNumber + "-igen.xml", bytes)]);
        if (sent != correct)
            followUps.Add(next => Correct(sent, correct, next));
        return new ToSend(sent.InvoiceNumber + ".xml", bytes);
    }

    private Built FirstInvoice(OpenLine line, LocalDate date)
    {
        var correct = Request(line, $"F{line.OrderNumber[2..]}-{line.LineNo}", date, line.Delivered, line.Price, line.LineNo.ToString());
        var mistake = policy(Hash(line.OrderNumber, line.LineNo), line.UnitCode == "DAY" && line.Delivered < line.Planned);
        var sent = mistake switch
        {
            Mistake.FullMonth => correct with { Quantity = line.Planned },
            Mistake.WrongPrice => correct with { Price = line.Price + 1.50m },
            Mistake.WrongLine => correct with { OrderLineId = "99" },
            _ => correct,
        };
        var bytes = Wrap(UblWriter.Write(InvoiceBuilder.BuildInvoice(sent)), DocumentType.Invoice, sent.Seller, sent.InvoiceNumber, date);
        return new Built(correct, sent, mistake, bytes);
    }

    /// <summary>The provider's correction at the next run: a full credit of a registered wrong invoice, then a new one.</summary>
    private IEnumerable<ToSend> Correct(InvoiceRequest wrong, InvoiceRequest correct, LocalDate date)
    {
        using (var conn = ds.Connect())
        {
            var registered = conn.ExecuteScalar<bool>("select exists (select 1 from invoices where seller_org = @s and invoice_number = @n)",
                new { s = wrong.Seller.OrganisationNumber.Value, n = wrong.InvoiceNumber });
            if (registered)
            {
                var credit = InvoiceBuilder.BuildFullCredit(wrong, "K" + wrong.InvoiceNumber[1..], date);
                yield return new ToSend(credit.ID + ".xml", Wrap(UblWriter.Write(credit), DocumentType.CreditNote, wrong.Seller, credit.ID!, date));
            }
        }
        var fixedInvoice = correct with { InvoiceNumber = correct.InvoiceNumber + "-R", IssueDate = date, DueDate = date.PlusDays(PaymentRun.TermDays) };
        yield return new ToSend(fixedInvoice.InvoiceNumber + ".xml",
            Wrap(UblWriter.Write(InvoiceBuilder.BuildInvoice(fixedInvoice)), DocumentType.Invoice, fixedInvoice.Seller, fixedInvoice.InvoiceNumber, date));
    }

    private InvoiceRequest Request(OpenLine line, string number, LocalDate date, decimal quantity, decimal price, string lineId)
    {
        var p = providers(line.ProviderOrg);
        var seller = new Party(p.Name, OrganisationNumber.Parse(p.OrgNumber), ParticipantId.Parse(p.PeppolId), p.VatNumber,
            new PostalAddress(p.Street, p.City, p.PostalZone, "SE"));
        var period = line.PeriodFrom is { } f && line.PeriodTo is { } t ? new DateInterval(f, t) : null;
        return new InvoiceRequest(number, date, date.PlusDays(PaymentRun.TermDays), seller, buyer.Party, PurchaseOrderNumber.Parse(line.OrderNumber),
            lineId, line.Article, quantity, line.UnitCode, price, VatRate.Standard25, line.Placement, period,
            new Bankgiro("5050-1055"), p.Agreement);
    }

    private byte[] Wrap(byte[] ubl, DocumentType type, Party seller, string number, LocalDate date) =>
        SbdhCodec.Wrap(ubl, SbdhEnvelope.For(type, seller.ParticipantId, buyer.Party.ParticipantId, StableIds.Uuid(seller.ParticipantId + "/" + number),
            date.At(new LocalTime(9, 0)).InZoneLeniently(Configuration.Settings.Zone).ToInstant()));

    private static int Hash(string order, int line) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{order}/{line}")), 0) % 1_000_000);
}
