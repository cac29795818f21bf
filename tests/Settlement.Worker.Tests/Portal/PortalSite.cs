using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using Dapper;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Party = Settlement.Peppol.Parties.Party;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Orders;
using Settlement.Worker.Portal;
using Settlement.Worker.Portal.Users;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Portal;

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalSite>
{
    public const string Name = "portal";
}

/// <summary>The portal's "today" in the tests: fixed, so the exceptions queue is the same on every run.</summary>
public sealed class FixedClock(Instant now) : NodaTime.IClock
{
    public Instant GetCurrentInstant() => now;
}

/// <summary>
/// The portal as users meet it: a fresh database (the shared PostgreSQL fixture) holding the
/// worked example's tariff and events, the order and delivery runs of 2024 applied, four users,
/// a disputed invoice and a rejected document taken in, the portal started in-process on a free port of 127.0.0.1, and Debian's chromium driven
/// headless by Playwright (never a downloaded browser: the machine's network is closed).
/// </summary>
public sealed class PortalSite : IAsyncLifetime
{
    public const string Password = "Rätt-lösen-2024";
    public const string Finance = "ekonomi.anna", Auditor = "revisor.rolf", Provider = "exempel.rusta", OtherProvider = "norrlands.matchning";
    public const string ProviderOrg = "5569876542", OtherProviderOrg = "5561234567";

    /// <summary>
    /// The portal's clock: 10 December 2024. The last delivery run was on 2 October, so the
    /// October and November lines of GR-2024-000102 are missing deliveries by then.
    /// </summary>
    public static readonly LocalDate Today = new(2024, 12, 10);

    public const string DisputedInvoice = "F-2024-031";

    public TestDatabase Db { get; } = new();
    /// <summary>The base-pay order of GR-2024-000101 (line 3 is May 2024).</summary>
    public string MayOrder { get; private set; } = "";
    public string Outbox { get; } = Path.Combine(Path.GetTempPath(), $"settle-portal-outbox-{Guid.NewGuid():N}");
    public string BaseUrl { get; private set; } = "";
    public WebApplication App { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots kept as test artefacts (ignored by git).</summary>
    public static string ScreenshotDir { get; } = Path.Combine(Repo.Root, "tests", "Settlement.Worker.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        StoreWorkedExample(Db, Outbox);
        // The intake: a wrong invoice (31 days of May, 16.50 delivered: disputed) and a file that is not XML (rejected).
        using (var conn = Db.Connect())
            MayOrder = conn.QuerySingle<string>("select number from orders where placement_id = 'GR-2024-000101' and kind = 'base'");
        var intake = new IntakeService(Db.DataSource, BuyerConfiguration.Default,
            new Responder(BuyerConfiguration.Default, SystemClock.Instance, () => new LocalDate(2024, 6, 10)), Outbox);
        var seller = new Party("Exempel Rusta AB", OrganisationNumber.Parse(ProviderOrg), ParticipantId.Parse("0007:" + ProviderOrg),
            "SE556987654201", new PostalAddress("Storgatan 1", "Umeå", "90326", "SE"));
        var may = new InvoiceRequest(DisputedInvoice, new LocalDate(2024, 6, 10), new LocalDate(2024, 7, 10), seller, BuyerConfiguration.Default.Party,
            PurchaseOrderNumber.Parse(MayOrder), "3", "Grundersättning", 31m, "DAY", 61.93m, VatRate.Standard25, "GR-2024-000101",
            new DateInterval(new LocalDate(2024, 5, 1), new LocalDate(2024, 5, 31)), null, "AVT-2023-0117");
        var disputed = intake.Take(Channel.File, "F-2024-031.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(may)));
        if (disputed.Outcome != Outcome.Disputed) throw new InvalidOperationException($"the May invoice should be disputed, was {disputed.OutcomeName}");
        var rejected = intake.Take(Channel.Inbox, "trasig-faktura.xml", System.Text.Encoding.UTF8.GetBytes("detta är ingen faktura"));
        if (rejected.Outcome != Outcome.Rejected) throw new InvalidOperationException($"the broken file should be rejected, was {rejected.OutcomeName}");

        UserStore.Add(Db.DataSource, Finance, PortalRoles.Finance, null, Password);
        UserStore.Add(Db.DataSource, Auditor, PortalRoles.Auditor, null, Password);
        UserStore.Add(Db.DataSource, Provider, PortalRoles.Provider, ProviderOrg, Password);
        UserStore.Add(Db.DataSource, OtherProvider, PortalRoles.Provider, OtherProviderOrg, Password);

        App = PortalHost.Build(Db.DataSource, "http://127.0.0.1:0", b =>
        {
            b.Services.AddSingleton(Clock);
            // Every browser test logs in from 127.0.0.1; the limit per client address has a test of its own.
            ((PortalOptions)b.Services.First(d => d.ServiceType == typeof(PortalOptions)).ImplementationInstance!).LoginAttemptsPerMinute = 10_000;
        }, Outbox);
        await App.StartAsync();
        BaseUrl = App.Urls.First().TrimEnd('/');

        Directory.CreateDirectory(ScreenshotDir);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>
    /// The worked example's tariff and events in <paramref name="db"/>, with the order runs and
    /// delivery runs of 2024 applied (what every portal database starts from).
    /// </summary>
    public static void StoreWorkedExample(TestDatabase db, string outbox)
    {
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, Repo.Path("samples", "events-worked.jsonl"));
        var orders = new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, new PeppolOrderDocuments(BuyerConfiguration.Default, SystemClock.Instance)), outbox);
        var deliveries = new DeliveryRun(db.DataSource);
        foreach (var (day, kind) in new[] { ("2024-03-11", "o"), ("2024-06-03", "d"), ("2024-07-15", "o"), ("2024-08-21", "o"), ("2024-09-02", "o"), ("2024-09-20", "d"), ("2024-10-02", "d") })
        {
            var date = NodaTime.Text.LocalDatePattern.Iso.Parse(day).Value;
            if (kind == "o") orders.Run(date); else deliveries.Run(date);
        }
    }

    /// <summary>The fixed clock of the portals in the tests: <see cref="Today"/> at 10:00 in Stockholm.</summary>
    public static NodaTime.IClock Clock { get; } =
        new FixedClock(Today.AtStartOfDayInZone(DateTimeZoneProviders.Tzdb["Europe/Stockholm"]).ToInstant().Plus(Duration.FromHours(10)));

    /// <summary>Debian's chromium (./run-tests installs it): the path of <c>command -v chromium</c>.</summary>
    private static string Chromium()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "chromium"))) return Path.Combine(dir, "chromium");
        if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        throw new InvalidOperationException("chromium is not installed: apt-get install -y chromium (./run-tests does it as root)");
    }

    /// <summary>A fresh browser context (its own cookies) with one page, on this portal or another one (<paramref name="baseUrl"/>).</summary>
    /// <summary>A plain HTTP client to the portal that follows no redirects and keeps no cookies: what a page answers, exactly.</summary>
    public HttpClient RawClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl) };

    public async Task<IPage> NewPageAsync(string? baseUrl = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl ?? BaseUrl, Locale = "sv-SE", ViewportSize = new() { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>Logs in through the form, as a person would; returns the page where the log-in ended.</summary>
    public async Task<IPage> LogInAsync(string user, string password = Password, string? baseUrl = null)
    {
        var page = await NewPageAsync(baseUrl);
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("Användarnamn").FillAsync(user);
        await page.GetByLabel("Lösenord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        if (App is not null) { await App.StopAsync(); await App.DisposeAsync(); }
        Db.Dispose();
        try { Directory.Delete(Outbox, recursive: true); } catch (IOException) { }
    }
}
