using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;

namespace Settlement.Worker.Tests.Portal;
/// <summary>
/// Finance staff's and providers' work in the portal in a real browser: the exceptions queue, a
/// placement's trail with its derivations, a provider's one-click invoice, a disputed invoice
/// followed to its trail.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalWorkflowTests(PortalSite site)
{
    [Fact]
    public async Task The_exceptions_queue_lists_refused_events_with_code_reason_and_missing_deliveries()
    {
        using var conn = site.Db.Connect();
        var refused = conn.Query<(long Seq, string Code, string Message)>("select seq, code, message from event_log where status = 'refused' order by seq desc").ToList();
        Assert.Contains(refused, r => r.Code == "SETTLE-INT-RETRO");

        var page = await site.LogInAsync(PortalSite.Finance);
        await page.GotoAsync("/undantag");
        var rows = page.Locator("tr.refused");
        Assert.Equal(refused.Count, await rows.CountAsync());
        for (var i = 0; i < refused.Count; i++)
        {
            Assert.Equal(refused[i].Code, await rows.Nth(i).GetAttributeAsync("data-code"));
            await Assertions.Expect(rows.Nth(i)).ToContainTextAsync(refused[i].Message);
        }
        var retro = page.Locator("tr.refused[data-code='SETTLE-INT-RETRO']");
        await Assertions.Expect(retro).ToContainTextAsync("GR-2024-000103");
        await Assertions.Expect(retro).ToContainTextAsync("retroaktivt");

        // Base-pay months ended before the portal's today (2024-12-10) with no delivery registered:
        // GR-2024-000102's October and November (their reports came after the last delivery run).
        var missing = conn.Query<(string Placement, string Month)>("""
            select o.placement_id, l.month from order_lines l join orders o on o.number = l.order_number
            where o.kind = 'base' and l.month < '2024-12'
              and not exists (select 1 from deliveries d where d.order_number = l.order_number and d.line_no = l.line_no)
            order by l.month
            """).ToList();
        Assert.Equal([("GR-2024-000102", "2024-10"), ("GR-2024-000102", "2024-11")], missing);
        var missingRows = page.Locator("tr.missing");
        Assert.Equal(2, await missingRows.CountAsync());
        await Assertions.Expect(missingRows.Nth(0)).ToContainTextAsync("oktober 2024");
        await Assertions.Expect(missingRows.Nth(1)).ToContainTextAsync("november 2024");
        await Assertions.Expect(missingRows.Nth(0)).ToContainTextAsync("GR-2024-000102");
        await PortalSite.ScreenshotAsync(page, "06-undantag");

        // Each exception links to its trail.
        await retro.GetByRole(AriaRole.Link, new() { Name = "GR-2024-000103" }).ClickAsync();
        await page.WaitForURLAsync("**/placering/GR-2024-000103");
        await Assertions.Expect(page.Locator("tr.refused", new() { HasText = "SETTLE-INT-RETRO" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_placement_trail_shows_events_orders_lines_deliveries_and_each_derivation()
    {
        using var conn = site.Db.Connect();
        var orders = conn.Query<string>("select number from orders where placement_id = 'GR-2024-000101' order by issue_date, number").ToList();
        Assert.True(orders.Count >= 3, "base order, speed bonus and result stage 1");

        var page = await site.LogInAsync(PortalSite.Auditor);
        Assert.EndsWith("/oversikt", page.Url);
        await page.GotoAsync("/placering");
        await page.GetByLabel("Genomförandereferens").FillAsync("GR-2024-000101");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa spåret" }).ClickAsync();
        await page.WaitForURLAsync("**/placering/GR-2024-000101");

        Assert.Equal(orders, (await page.Locator("section.order h3 a:first-child").AllInnerTextsAsync()).ToList());
        var events = conn.ExecuteScalar<int>("select count(*) from event_log where placement_id = 'GR-2024-000101'");
        Assert.Equal(events, await page.Locator("h2:has-text('Händelser') + table tbody tr").CountAsync());
        // The May line: 16.50 days delivered (interruption 20 May, PRAKTIK at 50 %), with the engine's derivation.
        var may = page.Locator("section.order tr", new() { HasText = "maj 2024" });
        await Assertions.Expect(may.Locator("td.num").Nth(3)).ToHaveTextAsync("16,50");
        await Assertions.Expect(may.Locator("td.num").Nth(4)).ToHaveAttributeAsync("data-value", "1021.85");
        var orderDerivation = page.Locator("section.order").First.Locator("details", new() { Has = page.GetByText("Härledning av orderbeloppet") });
        await orderDerivation.Locator("summary").ClickAsync();
        await Assertions.Expect(orderDerivation.Locator("pre.derivation")).ToContainTextAsync("round2(55.00 × 112.6/100.0) = 61.93");
        await may.Locator("details summary").ClickAsync();
        await Assertions.Expect(may.Locator("details pre.derivation")).ToContainTextAsync("16.50 days × 61.93 = 1021.85");
        await PortalSite.ScreenshotAsync(page, "07-placering");

        // An auditor reads only: the one form on its pages is logging out.
        foreach (var path in new[] { "/oversikt", "/undantag", "/placering/GR-2024-000101", "/bestallningar", "/fakturor" })
        {
            await page.GotoAsync(path);
            Assert.Equal(["/logga-ut"], await page.Locator("form[method=post]").EvaluateAllAsync<string[]>("fs => fs.map(f => f.getAttribute('action'))"));
        }
        Assert.Equal(404, (await page.GotoAsync("/placering/GR-2099-999999"))!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_provider_creates_the_invoice_of_a_delivered_line_with_one_click_and_sees_it_approved()
    {
        using var conn = site.Db.Connect();
        // March 2024 of GR-2024-000101: 21 days delivered, not invoiced.
        var march = conn.QuerySingle<(int LineNo, decimal Quantity, decimal Amount)>(
            "select l.line_no, d.quantity, d.amount from order_lines l join deliveries d using (order_number, line_no) where l.order_number = @o and l.month = '2024-03'",
            new { o = site.MayOrder });

        var page = await site.LogInAsync(PortalSite.Provider);
        await page.GotoAsync($"/bestallningar/{site.MayOrder}");
        var row = page.Locator($"#rad-{site.MayOrder}-{march.LineNo}");
        // Only delivered lines without an open invoice offer it: not May (disputed), not the undelivered months.
        var may = page.Locator("tr", new() { HasText = "maj 2024" });
        Assert.Equal(0, await may.GetByRole(AriaRole.Button, new() { Name = "Skapa faktura" }).CountAsync());
        Assert.Equal(0, await page.Locator("tr", new() { HasText = "juni 2024" }).GetByRole(AriaRole.Button, new() { Name = "Skapa faktura" }).CountAsync());
        await PortalSite.ScreenshotAsync(page, "09-skapa-faktura");
        var forms = await page.Locator("form[method=post]").AllAsync();
        Assert.True(forms.Count >= 3, "log-out and at least two Skapa faktura forms");
        foreach (var form in forms)
            Assert.False(string.IsNullOrEmpty(await form.Locator("input[name=__RequestVerificationToken]").GetAttributeAsync("value")));

        await row.GetByRole(AriaRole.Button, new() { Name = "Skapa faktura" }).ClickAsync();
        await Assertions.Expect(page.Locator("#fakturaresultat")).ToContainTextAsync("godkänd");
        await Assertions.Expect(row.GetByText("Godkänd")).ToBeVisibleAsync();
        Assert.Equal(0, await row.GetByRole(AriaRole.Button, new() { Name = "Skapa faktura" }).CountAsync());
        var invoiceRow = page.Locator("tr.invoice[data-status=approved]");
        await Assertions.Expect(invoiceRow).ToContainTextAsync("via portalen");
        await Assertions.Expect(invoiceRow).ToContainTextAsync("Godkänd (AP)");
        await PortalSite.ScreenshotAsync(page, "10-faktura-godkand");

        // It went through the intake like any invoice: archived (channel portal), registered approved with
        // the delivered quantity and the ordered price, answered AP in the outbox.
        var invoice = conn.QuerySingle<(string Number, decimal Quantity, decimal Price, decimal Amount, string Status, string Channel, string Response)>("""
            select v.invoice_number, v.quantity, v.price, v.amount, v.status, d.channel, r.code
            from invoices v join inbound_documents d on d.id = v.document_id join responses r on r.document_id = v.document_id
            where v.order_number = @o and v.line_no = @l
            """, new { o = site.MayOrder, l = march.LineNo });
        Assert.Equal((march.Quantity, 61.93m, march.Amount, "approved", "portal", "AP"),
            (invoice.Quantity, invoice.Price, invoice.Amount, invoice.Status, invoice.Channel, invoice.Response));
        Assert.Equal($"LP-{site.MayOrder}-{march.LineNo}-1", invoice.Number);

        // A second post for the same line (a resent form) sends nothing: the line is invoiced.
        var token = await page.Locator("form.user input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var again = await page.APIRequest.PostAsync($"/bestallningar/{site.MayOrder}/rader/{march.LineNo}/faktura",
            new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!), MaxRedirects = 0 });
        Assert.Equal(302, again.Status);
        Assert.EndsWith("?fel=redan-fakturerad", again.Headers["location"]);
        await page.GotoAsync(again.Headers["location"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Raden är redan fakturerad.");
        // Only the portal's own texts are shown: a link cannot make the page say something else.
        await page.GotoAsync($"/bestallningar/{site.MayOrder}?fel={Uri.EscapeDataString("Ring 08-123 och uppge ditt lösenord")}");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        Assert.Equal(1, conn.ExecuteScalar<int>("select count(*) from invoices where order_number = @o and line_no = @l", new { o = site.MayOrder, l = march.LineNo }));

        // Another provider's line cannot be invoiced by it: 404, nothing archived.
        var otherOrder = conn.QuerySingle<string>("select number from orders where provider_org = @o and kind = 'base' limit 1", new { o = PortalSite.OtherProviderOrg });
        var before = conn.ExecuteScalar<int>("select count(*) from inbound_documents");
        var foreign = await page.APIRequest.PostAsync($"/bestallningar/{otherOrder}/rader/1/faktura",
            new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!), MaxRedirects = 0 });
        Assert.Equal(404, foreign.Status);
        Assert.Equal(before, conn.ExecuteScalar<int>("select count(*) from inbound_documents"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Finance_staff_open_a_disputed_invoice_with_the_expected_figures_and_follow_it_to_its_trail()
    {
        var page = await site.LogInAsync(PortalSite.Finance);
        await page.GotoAsync("/undantag");
        var disputed = page.Locator($"tr.disputed[data-invoice='{PortalSite.DisputedInvoice}']");
        await Assertions.Expect(disputed).ToContainTextAsync("31,00 à 61,93");
        await Assertions.Expect(disputed).ToContainTextAsync("16,50 à 61,93");
        await Assertions.Expect(disputed).ToContainTextAsync("= 1\u202F021,85 kr");
        await Assertions.Expect(disputed).ToContainTextAsync("Levererat 16,50 dagar (2024-05-01–2024-05-19, avbrott 2024-05-20, praktik 5 dagar à 50 %); fakturerat 31,00 dagar.");
        await Assertions.Expect(disputed).ToContainTextAsync("QTY");
        // The rejected file is listed with its reason.
        var rejected = page.Locator("tr.inbound[data-outcome=rejected]");
        Assert.Equal(1, await rejected.CountAsync());
        await Assertions.Expect(rejected).ToContainTextAsync("trasig-faktura.xml");
        await PortalSite.ScreenshotAsync(page, "11-undantag-fakturor");

        await disputed.GetByRole(AriaRole.Link, new() { Name = PortalSite.DisputedInvoice }).ClickAsync();
        await page.WaitForURLAsync("**/placering/GR-2024-000101#faktura-*");
        var invoice = page.Locator("tr.invoice", new() { HasText = PortalSite.DisputedInvoice });
        await Assertions.Expect(invoice).ToHaveAttributeAsync("data-status", "disputed");
        await Assertions.Expect(invoice).ToContainTextAsync("Bestriden (UQ)");
        await Assertions.Expect(invoice).ToContainTextAsync("levererat 16,50");
        await PortalSite.ScreenshotAsync(page, "12-placering-bestriden");

        // The raw invoice as it arrived, byte for byte.
        var href = await invoice.GetByRole(AriaRole.Link, new() { Name = "faktura", Exact = true }).GetAttributeAsync("href");
        var raw = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, raw.Status);
        Assert.Contains($"<cbc:ID>{PortalSite.DisputedInvoice}</cbc:ID>", await raw.TextAsync());
        await page.Context.CloseAsync();
    }
}
