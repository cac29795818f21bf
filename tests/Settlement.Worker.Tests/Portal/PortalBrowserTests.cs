using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;

namespace Settlement.Worker.Tests.Portal;

/// <summary>
/// The portal in a real browser (Debian's chromium, headless, through Playwright): log-in and
/// roles, each provider's own orders only, the finance views, lock-out and anti-forgery.
/// Screenshots of the main pages are kept under TestResults/screenshots/.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalBrowserTests(PortalSite site)
{
    private static decimal Dec(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(site.BaseUrl) };

    [Fact]
    public async Task Without_a_log_in_pages_redirect_to_the_log_in_page_and_the_api_answers_401()
    {
        using var http = Client();
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
    public async Task Five_wrong_passwords_lock_the_user_out_and_then_even_the_right_one_is_refused()
    {
        const string user = "lasas.ut";
        Settlement.Worker.Portal.Users.UserStore.Add(site.Db.DataSource, user, "ekonomi", null, PortalSite.Password);
        var page = await site.NewPageAsync();
        await page.GotoAsync("/logga-in");
        for (var i = 1; i <= 5; i++)
        {
            await page.GetByLabel("Användarnamn").FillAsync(user);
            await page.GetByLabel("Lösenord").FillAsync($"fel-lösen-{i}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(i < 5 ? "Fel användarnamn eller lösenord" : "Kontot är tillfälligt låst");
        }
        await page.GetByLabel("Användarnamn").FillAsync(user);
        await page.GetByLabel("Lösenord").FillAsync(PortalSite.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Kontot är tillfälligt låst");
        await PortalSite.ScreenshotAsync(page, "08-last-konto");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == Settlement.Worker.Portal.PortalModule.CookieName);
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/me")).Status);

        using var conn = site.Db.Connect();
        var lockedFor = conn.ExecuteScalar<double>("select extract(epoch from locked_until - now()) from portal_users where user_name = @user", new { user });
        Assert.InRange(lockedFor, 14 * 60, 15 * 60);

        // Once unlocked (settle users unlock), the right password works again.
        Assert.True(Settlement.Worker.Portal.Users.UserStore.Unlock(site.Db.DataSource, user));
        await page.GetByLabel("Användarnamn").FillAsync(user);
        await page.GetByLabel("Lösenord").FillAsync(PortalSite.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForURLAsync("**/oversikt");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Behind_a_local_TLS_proxy_cookies_are_Secure_and_HSTS_is_sent()
    {
        using var http = Client();
        var direct = await http.GetAsync("/logga-in");
        Assert.False(direct.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal((true, true), (direct.Headers.CacheControl!.NoCache, direct.Headers.CacheControl.NoStore)); // pages with forms are never cached
        Assert.DoesNotContain(direct.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        var proxied = new HttpRequestMessage(HttpMethod.Get, "/logga-in");
        proxied.Headers.Add("X-Forwarded-Proto", "https"); // as a TLS proxy on this machine sends it
        var viaProxy = await http.SendAsync(proxied);
        Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"));
        Assert.All(viaProxy.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_new_password_or_a_log_out_ends_every_session_of_the_user_copied_cookies_included()
    {
        const string user = "stulen.kaka";
        Settlement.Worker.Portal.Users.UserStore.Add(site.Db.DataSource, user, "ekonomi", null, PortalSite.Password);
        async Task<IPage> CopyOf(IPage page)
        {
            var copy = await site.NewPageAsync();
            await copy.Context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Microsoft.Playwright.Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }));
            Assert.Equal(200, (await copy.APIRequest.GetAsync("/api/me")).Status);
            return copy;
        }

        // Logging out in one browser ends the session a copied cookie carries elsewhere.
        var page = await site.LogInAsync(user);
        var stolen = await CopyOf(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await page.WaitForURLAsync("**/logga-in");
        Assert.Equal(401, (await stolen.APIRequest.GetAsync("/api/me")).Status);

        // So does a new password (settle users passwd).
        page = await site.LogInAsync(user);
        stolen = await CopyOf(page);
        Assert.True(Settlement.Worker.Portal.Users.UserStore.SetPassword(site.Db.DataSource, user, PortalSite.Password + "-ny"));
        Assert.Equal(401, (await stolen.APIRequest.GetAsync("/api/me")).Status);
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/me")).Status);
        await page.Context.CloseAsync();
        await stolen.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_form_carries_an_antiforgery_token_and_a_post_without_one_is_refused()
    {
        // Log-in without the token: refused, no cookie, even with the right password.
        using var http = Client();
        var noToken = await http.PostAsync("/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["anvandarnamn"] = PortalSite.Finance, ["losenord"] = PortalSite.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.False(noToken.Headers.Contains("Set-Cookie") && noToken.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(Settlement.Worker.Portal.PortalModule.CookieName + "=")));

        var page = await site.LogInAsync(PortalSite.Finance);
        foreach (var path in new[] { "/oversikt", "/undantag", "/placering", "/bestallningar", "/fakturor" })
        {
            await page.GotoAsync(path);
            var forms = page.Locator("form[method=post]");
            Assert.True(await forms.CountAsync() >= 1);
            foreach (var form in await forms.AllAsync())
                Assert.False(string.IsNullOrEmpty(await form.Locator("input[name=__RequestVerificationToken]").GetAttributeAsync("value")));
        }
        // Logging out without the token does nothing: still logged in afterwards.
        var post = await page.APIRequest.PostAsync("/logga-ut");
        Assert.Equal(400, post.Status);
        Assert.Equal(200, (await page.APIRequest.GetAsync("/api/me")).Status);
        // With the form (and so its token) it works.
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await page.WaitForURLAsync("**/logga-in");
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/me")).Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_log_in_cookie_is_http_only_and_same_site_strict()
    {
        var page = await site.LogInAsync(PortalSite.Provider);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == Settlement.Worker.Portal.PortalModule.CookieName);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        var me = (await (await page.APIRequest.GetAsync("/api/me")).JsonAsync())!.Value;
        Assert.Equal(("leverantör", PortalSite.ProviderOrg), (me.GetProperty("role").GetString(), me.GetProperty("org").GetString()));
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

    [Fact]
    public async Task A_second_node_on_the_same_database_accepts_the_log_in_of_the_first()
    {
        // Two portal hosts on one database, as two workers: the Data Protection keys are in the database.
        var page = await site.LogInAsync(PortalSite.Finance);
        using (var conn = site.Db.Connect())
            Assert.True(conn.ExecuteScalar<int>("select count(*) from portal_data_protection_keys") >= 1, "the key ring is kept in the database");
        var second = Settlement.Worker.Portal.PortalHost.Build(site.Db.DataSource, "http://127.0.0.1:0", outbox: site.Outbox);
        await second.StartAsync();
        try
        {
            var url = second.Urls.First().TrimEnd('/');
            Assert.NotEqual(site.BaseUrl, url);
            var me = await page.APIRequest.GetAsync(url + "/api/me"); // the cookie is the host's, whatever the port
            Assert.Equal(200, me.Status);
            Assert.Equal(PortalSite.Finance, (await me.JsonAsync())!.Value.GetProperty("name").GetString());
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
        await page.Context.CloseAsync();
    }
}
