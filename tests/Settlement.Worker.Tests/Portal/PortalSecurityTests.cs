using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;

namespace Settlement.Worker.Tests.Portal;
/// <summary>
/// The portal's defences in a real browser and over plain HTTP: lock-out, Secure cookies and HSTS
/// behind TLS, sessions ended by a new password or a log-out, anti-forgery, cookie flags, and a
/// log-in that holds on a second node of the same database.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalSecurityTests(PortalSite site)
{
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
        using var http = site.RawClient();
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
        using var http = site.RawClient();
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

    [Fact]
    public async Task Every_page_forbids_scripts_inline_styles_frames_and_foreign_form_targets()
    {
        using var http = site.RawClient();
        foreach (var path in new[] { "/logga-in", "/portal.css" })
        {
            var response = await http.GetAsync(path);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            foreach (var directive in new[] { "script-src 'none'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'" })
                Assert.Contains(directive, policy);
        }
    }
}
