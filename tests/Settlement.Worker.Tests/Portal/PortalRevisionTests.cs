using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Settlement.Worker.Portal;
using Settlement.Worker.Portal.Users;
using Settlement.Worker.Replay;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Tests.Replay;

namespace Settlement.Worker.Tests.Portal;

/// <summary>
/// Revision in the portal, in a real browser: the replay's status and differences for auditors and
/// finance staff (page and /api/replay), the derivation and the replay verdict on every placement
/// page, and a figure altered behind the service's back showing up with its stored and recomputed
/// values (in a database of its own, so the shared site stays clean).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalRevisionTests(PortalSite site)
{
    /// <summary>
    /// A Revision view or "Kör om" runs a full replay before it answers, the verdict redo validating
    /// every archived document again; the first in a process, on a loaded 2-core test machine, once
    /// took over Playwright's default 30 s. The page's speed is not what these tests judge.
    /// </summary>
    private static readonly PageWaitForURLOptions ReplayWait = new() { Timeout = 120_000 };

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(site.BaseUrl) };

    [Fact]
    public async Task An_auditor_sees_the_replay_status_with_an_intact_chain_and_no_differences()
    {
        var page = await site.LogInAsync(PortalSite.Auditor);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Revision" }).ClickAsync();
        await page.WaitForURLAsync("**/revision", ReplayWait);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Revision", Exact = true })).ToBeVisibleAsync();
        // A fresh replay, so the figures are those of the database as it is now (other tests add invoices).
        await page.GetByRole(AriaRole.Button, new() { Name = "Kör om" }).ClickAsync();
        await page.WaitForURLAsync("**/revision", ReplayWait);

        var expected = Replayer.Run(site.Db.DataSource);
        Assert.True(expected.Ok);
        await Assertions.Expect(page.Locator(".verdict")).ToHaveAttributeAsync("data-ok", "true");
        await Assertions.Expect(page.Locator("dd.chain")).ToHaveAttributeAsync("data-chain", "ok");
        await Assertions.Expect(page.Locator("dd.chain")).ToContainTextAsync($"Obruten: {expected.Chain.Events} händelser");
        await Assertions.Expect(page.Locator("code.hash")).ToHaveTextAsync(expected.Chain.Head!);
        await Assertions.Expect(page.Locator("dd[data-figures]")).ToHaveAttributeAsync("data-figures", expected.Figures.ToString());
        await Assertions.Expect(page.Locator("dd[data-placements]")).ToContainTextAsync($"{expected.Placements} placeringar, {expected.Figures} lagrade belopp");
        Assert.Equal(3, expected.Placements);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Inga avvikelser");
        Assert.Equal(0, await page.Locator("tr.difference").CountAsync());
        await Assertions.Expect(page.Locator("dd.ran-at")).ToContainTextAsync("2024-12-10 10:00");
        // Two forms: logging out and "Kör om", each with its anti-forgery token.
        var forms = page.Locator("form[method=post]");
        Assert.Equal(["/logga-ut", "/revision/kor-om"], await forms.EvaluateAllAsync<string[]>("fs => fs.map(f => f.getAttribute('action'))"));
        foreach (var form in await forms.AllAsync())
            Assert.False(string.IsNullOrEmpty(await form.Locator("input[name=__RequestVerificationToken]").GetAttributeAsync("value")));
        await PortalSite.ScreenshotAsync(page, "14-revision");

        // The JSON: settle replay --json's object, with the head and when it ran.
        var api = await page.APIRequest.GetAsync("/api/replay");
        Assert.Equal(200, api.Status);
        var json = (await api.JsonAsync())!.Value;
        var cli = JsonDocument.Parse(expected.ToJson()).RootElement;
        Assert.True(json.GetProperty("chain").GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("chain").GetProperty("firstBrokenSeq").ValueKind);
        Assert.Equal(expected.Chain.Head, json.GetProperty("chain").GetProperty("head").GetString());
        Assert.Equal(cli.GetProperty("chain").GetProperty("events").GetInt64(), json.GetProperty("chain").GetProperty("events").GetInt64());
        Assert.Equal((expected.Placements, expected.Figures), (json.GetProperty("placements").GetInt32(), json.GetProperty("figures").GetInt32()));
        Assert.Equal(0, json.GetProperty("differences").GetArrayLength());
        Assert.Equal("2024-12-10T09:00:00Z", json.GetProperty("ranAt").GetString());

        // A POST without the token reruns nothing: 400.
        Assert.Equal(400, (await page.APIRequest.PostAsync("/revision/kor-om")).Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_placement_page_shows_the_derivation_of_every_figure_and_the_replay_verdict()
    {
        var page = await site.LogInAsync(PortalSite.Auditor);
        var response = await page.GotoAsync("/placering/GR-2024-000101");
        Assert.Equal(200, response!.Status);
        var verdict = page.Locator("section#omrakning");
        await Assertions.Expect(verdict).ToHaveAttributeAsync("data-ok", "true");
        await Assertions.Expect(verdict).ToContainTextAsync("lagrade belopp stämmer med motorns omräkning");
        await Assertions.Expect(verdict.Locator(".chain")).ToHaveAttributeAsync("data-chain", "ok");

        var explanation = page.Locator("pre.explanation");
        await Assertions.Expect(explanation).ToBeVisibleAsync();
        await Assertions.Expect(explanation).ToContainTextAsync("round2(55.00 × 112.6/100.0) = 61.93");
        await Assertions.Expect(explanation).ToContainTextAsync("round2(16.50 × 61.93) = 1021.85");
        await Assertions.Expect(explanation).ToContainTextAsync("accepterade händelser i registreringsordning");
        await Assertions.Expect(explanation).ToContainTextAsync("GR-2024-000101 · omräkning: alla");
        // The same text as settle explain gives.
        var text = PlacementExplainer.Explain(site.Db.DataSource, "GR-2024-000101").Text;
        Assert.Equal(Normalize(text), Normalize(await explanation.TextContentAsync() ?? ""));
        await explanation.ScrollIntoViewIfNeededAsync();
        await PortalSite.ScreenshotAsync(page, "15-placering-harledning");

        // Finance staff get it too, and the navigation leads to Revision.
        var finance = await site.LogInAsync(PortalSite.Finance);
        await finance.GotoAsync("/placering/GR-2024-000103");
        await Assertions.Expect(finance.Locator("pre.explanation")).ToContainTextAsync("GR-2024-000103");
        await Assertions.Expect(finance.Locator("section#omrakning")).ToHaveAttributeAsync("data-ok", "true");
        await finance.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Revision" }).ClickAsync();
        await finance.WaitForURLAsync("**/revision", ReplayWait);
        await Assertions.Expect(finance.Locator("dd.chain")).ToHaveAttributeAsync("data-chain", "ok");
        await page.Context.CloseAsync();
        await finance.Context.CloseAsync();
    }

    private static string Normalize(string s) => s.Replace("\r\n", "\n").Trim();

    [Fact]
    public async Task A_provider_gets_403_for_revision_and_api_replay_and_without_a_log_in_they_ask_for_one()
    {
        var page = await site.LogInAsync(PortalSite.Provider);
        Assert.Equal(403, (await page.GotoAsync("/revision"))!.Status);
        Assert.Equal(403, (await page.APIRequest.GetAsync("/api/replay")).Status);
        Assert.Equal(403, (await page.APIRequest.GetAsync("/api/replay?ny=1")).Status);
        // Nor is it in its navigation, nor can it post a rerun (with a valid token).
        Assert.Equal(0, await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Revision" }).CountAsync());
        var token = await page.Locator("form.user input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var post = await page.APIRequest.PostAsync("/revision/kor-om",
            new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!), MaxRedirects = 0 });
        Assert.Equal(403, post.Status);
        await page.Context.CloseAsync();

        using var http = Client();
        var r = await http.GetAsync("/revision");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/logga-in?returnUrl=", r.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/replay")).StatusCode);
    }

    [Fact]
    public async Task A_stored_amount_altered_in_the_database_is_listed_with_its_stored_and_recomputed_value()
    {
        // A database of its own: the worked example, the 2024 runs, one auditor; a portal on it.
        using var db = new TestDatabase();
        var outbox = Path.Combine(Path.GetTempPath(), $"settle-revision-outbox-{Guid.NewGuid():N}");
        PortalSite.StoreWorkedExample(db, outbox);
        UserStore.Add(db.DataSource, PortalSite.Auditor, PortalRoles.Auditor, null, PortalSite.Password);
        var app = PortalHost.Build(db.DataSource, "http://127.0.0.1:0", b => b.Services.AddSingleton(PortalSite.Clock), outbox);
        await app.StartAsync();
        try
        {
            var url = app.Urls.First().TrimEnd('/');
            var page = await site.LogInAsync(PortalSite.Auditor, baseUrl: url);
            await page.GotoAsync("/revision");
            await Assertions.Expect(page.Locator(".verdict")).ToHaveAttributeAsync("data-ok", "true");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Inga avvikelser");

            // As a superuser would: the immutability trigger lifted, May's amount changed from 1919.83.
            using var conn = db.Connect();
            var mayOrder = conn.QuerySingle<string>("select number from orders where placement_id = 'GR-2024-000101' and kind = 'base'");
            Tamper.Bypassing(conn, "order_lines", "update order_lines set amount = 1991.83 where order_number = @mayOrder and line_no = 3", new { mayOrder });

            // A page view within the max age shows the cached replay: still clean.
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Inga avvikelser");
            // "Kör om" replays now.
            await page.GetByRole(AriaRole.Button, new() { Name = "Kör om" }).ClickAsync();
            await page.WaitForURLAsync("**/revision", ReplayWait);
            await Assertions.Expect(page.Locator(".verdict")).ToHaveAttributeAsync("data-ok", "false");
            await Assertions.Expect(page.Locator("dd.chain")).ToHaveAttributeAsync("data-chain", "ok"); // the log itself is untouched
            await Assertions.Expect(page.Locator("dd[data-differences]")).ToHaveAttributeAsync("data-differences", "1");
            var row = page.Locator("tr.difference");
            Assert.Equal(1, await row.CountAsync());
            await Assertions.Expect(row).ToHaveAttributeAsync("data-what", $"order {mayOrder} line 3 (2024-05) amount");
            await Assertions.Expect(row).ToHaveAttributeAsync("data-placement", "GR-2024-000101");
            await Assertions.Expect(row.Locator("td.stored")).ToHaveAttributeAsync("data-value", "1991.83");
            await Assertions.Expect(row.Locator("td.stored")).ToHaveTextAsync("1\u202F991,83");
            await Assertions.Expect(row.Locator("td.recomputed")).ToHaveAttributeAsync("data-value", "1919.83");
            await Assertions.Expect(row.Locator("td.recomputed")).ToHaveTextAsync("1\u202F919,83");
            await row.Locator("details summary").ClickAsync();
            await Assertions.Expect(row.Locator("pre.derivation")).ToBeVisibleAsync();
            await Assertions.Expect(row.Locator("pre.derivation")).ToContainTextAsync("beställt   = round2(31 × 61.93)");
            await Assertions.Expect(row.Locator("pre.derivation")).ToContainTextAsync("dagersättning = round2(55.00 × 112.6/100.0) = 61.93");
            await PortalSite.ScreenshotAsync(page, "16-revision-avvikelse");

            // The same in JSON.
            var json = (await (await page.APIRequest.GetAsync("/api/replay")).JsonAsync())!.Value;
            var d = Assert.Single(json.GetProperty("differences").EnumerateArray().ToList());
            Assert.Equal(($"order {mayOrder} line 3 (2024-05) amount", "GR-2024-000101", "1991.83", "1919.83"),
                (d.GetProperty("what").GetString(), d.GetProperty("placement").GetString(), d.GetProperty("stored").GetString(), d.GetProperty("recomputed").GetString()));

            // The difference leads to the placement, whose verdict names it.
            await row.GetByRole(AriaRole.Link, new() { Name = "GR-2024-000101" }).ClickAsync();
            await page.WaitForURLAsync("**/placering/GR-2024-000101#omrakning");
            var verdict = page.Locator("section#omrakning");
            await Assertions.Expect(verdict).ToHaveAttributeAsync("data-ok", "false");
            await Assertions.Expect(verdict.Locator("tr.difference td.stored")).ToHaveAttributeAsync("data-value", "1991.83");
            await Assertions.Expect(verdict.Locator("tr.difference td.recomputed")).ToHaveAttributeAsync("data-value", "1919.83");
            await Assertions.Expect(page.Locator("pre.explanation")).ToContainTextAsync("AVVIKELSE");
            await PortalSite.ScreenshotAsync(page, "17-placering-avvikelse");

            // An edited event breaks the chain at its seq; ?ny=1 replays at once.
            var edited = """{"from":"2024-04-15","placement":"GR-2024-000101","program":"PRAKTIK","registeredOn":"2024-04-10","to":"2024-05-10","type":"parallel"}""";
            Tamper.Bypassing(conn, "event_log", "update event_log set canonical = @edited, event = @edited::jsonb where seq = 10", new { edited });
            var broken = (await (await page.APIRequest.GetAsync("/api/replay?ny=1")).JsonAsync())!.Value.GetProperty("chain");
            Assert.Equal((false, 10L), (broken.GetProperty("ok").GetBoolean(), broken.GetProperty("firstBrokenSeq").GetInt64()));
            await page.GotoAsync("/revision");
            await Assertions.Expect(page.Locator("dd.chain")).ToHaveAttributeAsync("data-chain", "broken");
            await Assertions.Expect(page.Locator("dd.chain")).ToHaveAttributeAsync("data-seq", "10");
            await Assertions.Expect(page.Locator("dd.chain")).ToContainTextAsync("Bruten vid händelse nr 10");
            await PortalSite.ScreenshotAsync(page, "18-revision-bruten-kedja");
            await page.Context.CloseAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(outbox, recursive: true); } catch (IOException) { }
        }
    }
}
