using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;

namespace Settlement.Worker.Tests.Portal;
/// <summary>
/// The portal in a real browser (Debian's chromium, headless, through Playwright): log-in and roles,
/// each provider's own orders and invoices only, the finance overview. Screenshots of the main pages
/// are kept under TestResults/screenshots/.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalAccessTests(PortalSite site)
{
    private static decimal Dec(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Without_a_log_in_pages_redirect_to_the_log_in_page_and_the_api_answers_401()
    {
        using var http = site.RawClient();
        foreach (var path in new[] { "/", "/oversikt", "/undantag", "/placering/GR-2024-000101", "/bestallningar", "/finns-inte" })
        {
            var r = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/logga-in?returnUrl=", r.Headers.Location!.PathAndQuery);
        }
        foreach (var path in new[] { "/api/me", "/api/orders", "/api/orders/IN240311-1", "/api/reconcile", "/api/exceptions", "/api/placements/GR-2024-000101" })
        {
            var r = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Null(r.Headers.Location);
        }

        var page = await site.NewPageAsync();
        await page.GotoAsync("/oversikt");
        Assert.EndsWith("/logga-in?returnUrl=%2Foversikt", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
        await PortalSite.ScreenshotAsync(page, "01-logga-in");
        // After logging in, the page asked for is where the user lands.
        await page.GetByLabel("Användarnamn").FillAsync(PortalSite.Finance);
        await page.GetByLabel("Lösenord").FillAsync(PortalSite.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForURLAsync("**/oversikt");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Finance_staff_see_the_overview_with_the_figures_of_settle_reconcile()
    {
        var page = await site.LogInAsync(PortalSite.Finance);
        Assert.EndsWith("/oversikt", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Översikt" })).ToBeVisibleAsync();

        // `settle reconcile --json` on the same database, as a user runs it.
        var (exit, stdout, stderr) = SettleProcess.Run("reconcile", "--json", "--db", site.Db.ConnectionString);
        Assert.True(exit == 0, stderr);
        var expected = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(expected);
        Assert.Contains(expected, e => e.GetProperty("provider").GetString() == PortalSite.OtherProviderOrg);
        Assert.Contains(expected, e => Dec(e.GetProperty("disputed").GetString()!) > 0);

        string[] columns = ["ordered", "delivered", "invoiced", "approved", "disputed", "credited", "paid", "outstanding"];
        var rows = page.Locator("table.overview tbody tr");
        Assert.Equal(expected.Count, await rows.CountAsync());
        for (var i = 0; i < expected.Count; i++)
        {
            var row = rows.Nth(i);
            Assert.Equal(expected[i].GetProperty("provider").GetString(), await row.GetAttributeAsync("data-provider"));
            Assert.Equal(expected[i].GetProperty("month").GetString(), await row.GetAttributeAsync("data-month"));
            var cells = row.Locator("td.num");
            for (var c = 0; c < columns.Length; c++)
                Assert.Equal(expected[i].GetProperty(columns[c]).GetString(), await cells.Nth(c).GetAttributeAsync("data-value"));
        }
        var totals = page.Locator("table.overview tfoot td.num");
        for (var c = 0; c < columns.Length; c++)
            Assert.Equal(expected.Sum(e => Dec(e.GetProperty(columns[c]).GetString()!)).ToString("0.00", CultureInfo.InvariantCulture),
                await totals.Nth(c).GetAttributeAsync("data-value"));
        await Assertions.Expect(page.Locator("figure.chart svg rect").First).ToBeVisibleAsync();
        await PortalSite.ScreenshotAsync(page, "02-oversikt");

        // The JSON endpoint gives the same rows.
        var api = await page.APIRequest.GetAsync("/api/reconcile");
        Assert.Equal(200, api.Status);
        var json = (await api.JsonAsync())!.Value.EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => string.Join("|", columns.Prepend("month").Prepend("provider").Select(c => e.GetProperty(c).GetString()))),
            json.Select(e => string.Join("|", columns.Prepend("month").Prepend("provider").Select(c => e.GetProperty(c).GetString()))));

        // The filter narrows to one provider and month.
        var one = expected.First(e => e.GetProperty("provider").GetString() == PortalSite.ProviderOrg);
        await page.GotoAsync($"/oversikt?leverantor={one.GetProperty("provider").GetString()}&manad={one.GetProperty("month").GetString()}");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Equal(one.GetProperty("month").GetString(), await rows.First.GetAttributeAsync("data-month"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_provider_sees_its_own_orders_and_another_providers_order_is_404_in_pages_and_json()
    {
        using var conn = site.Db.Connect();
        var own = conn.Query<string>("select number from orders where provider_org = @o order by number", new { o = PortalSite.ProviderOrg }).ToList();
        var other = conn.Query<string>("select number from orders where provider_org = @o order by number", new { o = PortalSite.OtherProviderOrg }).ToList();
        Assert.NotEmpty(own);
        Assert.NotEmpty(other);

        var page = await site.LogInAsync(PortalSite.Provider);
        Assert.EndsWith("/bestallningar", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mina beställningar" })).ToBeVisibleAsync();
        var listed = await page.Locator("table.grid tbody tr td:first-child a").AllInnerTextsAsync();
        Assert.Equal(own.OrderBy(x => x, StringComparer.Ordinal), listed.OrderBy(x => x, StringComparer.Ordinal));
        Assert.DoesNotContain("GR-2024-000103", await page.ContentAsync());
        await PortalSite.ScreenshotAsync(page, "03-mina-bestallningar");

        // Its own order: lines with status, delivered quantities, the derivation.
        var baseOrder = conn.QuerySingle<string>("select number from orders where placement_id = 'GR-2024-000101' and kind = 'base'");
        var response = await page.GotoAsync($"/bestallningar/{baseOrder}");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {baseOrder}" })).ToBeVisibleAsync();
        Assert.Equal(7, await page.Locator("tr[id^=rad-]").CountAsync());
        await Assertions.Expect(page.Locator("tr", new() { HasText = "maj 2024" }).GetByText("Bestriden")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr", new() { HasText = "april 2024" }).GetByText("Levererad")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr", new() { HasText = "maj 2024" }).Locator("td.num").Nth(3)).ToHaveTextAsync("16,50");
        await Assertions.Expect(page.Locator("pre.derivation").First).ToContainTextAsync("61.93");
        await PortalSite.ScreenshotAsync(page, "04-order");

        // Another provider's order does not exist for it: 404, as for an order that does not exist.
        foreach (var number in other)
        {
            var r = await page.GotoAsync($"/bestallningar/{number}");
            Assert.Equal(404, r!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sidan finns inte" })).ToBeVisibleAsync();
            Assert.DoesNotContain(number, await page.Locator("main").InnerTextAsync());
        }
        Assert.Equal(404, (await page.GotoAsync("/bestallningar/IN991231-9"))!.Status);
        await PortalSite.ScreenshotAsync(page, "05-annan-leverantor-404");

        // The same in JSON.
        Assert.Equal(200, (await page.APIRequest.GetAsync($"/api/orders/{baseOrder}")).Status);
        foreach (var number in other)
        {
            var r = await page.APIRequest.GetAsync($"/api/orders/{number}");
            Assert.Equal(404, r.Status);
            Assert.DoesNotContain(number, await r.TextAsync());
        }
        var list = (await (await page.APIRequest.GetAsync("/api/orders")).JsonAsync())!.Value.EnumerateArray()
            .Select(o => (o.GetProperty("number").GetString()!, o.GetProperty("provider").GetString()!)).ToList();
        Assert.Equal(own.Count, list.Count);
        Assert.All(list, o => Assert.Equal(PortalSite.ProviderOrg, o.Item2));
        // Asking the list for the other provider changes nothing for a provider.
        var asked = (await (await page.APIRequest.GetAsync($"/api/orders?provider={PortalSite.OtherProviderOrg}")).JsonAsync())!.Value;
        Assert.All(asked.EnumerateArray(), o => Assert.Equal(PortalSite.ProviderOrg, o.GetProperty("provider").GetString()));

        // The order document: its own is served, another provider's is 404.
        var ownDoc = conn.QuerySingle<long>("select id from outbox where order_number = @baseOrder", new { baseOrder });
        var otherDoc = conn.QuerySingle<long>("select id from outbox where order_number = @n", new { n = other[0] });
        var doc = await page.APIRequest.GetAsync($"/dokument/{ownDoc}?ladda-ned=1");
        Assert.Equal(200, doc.Status);
        Assert.Contains(baseOrder, await doc.TextAsync());
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/dokument/{otherDoc}")).Status);

        // Finance pages are not a provider's: 403.
        Assert.Equal(403, (await page.GotoAsync("/oversikt"))!.Status);
        Assert.Equal(403, (await page.APIRequest.GetAsync("/api/reconcile")).Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Each_provider_sees_only_its_own_orders_and_invoices()
    {
        var page = await site.LogInAsync(PortalSite.OtherProvider);
        var placements = await page.Locator("table.grid tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.NotEmpty(placements);
        Assert.All(placements, p => Assert.Equal("GR-2024-000103", p));
        // Its invoices: none; the other provider's disputed invoice is not among them, in the page or the JSON.
        await page.GotoAsync("/fakturor");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mina fakturor" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Inga fakturor.");
        Assert.DoesNotContain(PortalSite.DisputedInvoice, await page.ContentAsync());
        Assert.Equal(0, (await (await page.APIRequest.GetAsync("/api/invoices")).JsonAsync())!.Value.GetArrayLength());
        await page.Context.CloseAsync();

        // The invoicing provider sees its own, with the answer it got.
        var own = await site.LogInAsync(PortalSite.Provider);
        await own.GotoAsync("/fakturor");
        var row = own.Locator("tr.invoice", new() { HasText = PortalSite.DisputedInvoice });
        await Assertions.Expect(row).ToContainTextAsync("Bestriden (UQ)");
        var json = (await (await own.APIRequest.GetAsync("/api/invoices")).JsonAsync())!.Value.EnumerateArray().ToList();
        Assert.Contains(json, i => i.GetProperty("invoiceNumber").GetString() == PortalSite.DisputedInvoice && i.GetProperty("status").GetString() == "disputed");
        Assert.All(json, i => Assert.Equal(PortalSite.ProviderOrg, i.GetProperty("seller").GetString()));
        await PortalSite.ScreenshotAsync(own, "13-mina-fakturor");
        await own.Context.CloseAsync();
    }
}
