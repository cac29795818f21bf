using Microsoft.Extensions.Configuration;
using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Parties;

namespace Settlement.Worker.Configuration;

/// <summary>
/// The worker's configuration: <c>appsettings.json</c> beside the program and in the current
/// directory, then environment variables (<c>Settlement__Buyer__Name=…</c>), then command options.
/// Keys under <c>Settlement:</c>: <c>Outbox</c> (default out/outbox), <c>Buyer:*</c> (default the
/// agency's public identity), <c>Jobs:OrderRun:Cron</c>, <c>Jobs:DeliveryRun:Cron</c>, <c>Today</c>
/// (a fixed business date, for demos and tests; else today in Europe/Stockholm).
/// </summary>
internal sealed class Settings
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/Stockholm"];

    public IConfiguration Configuration { get; }

    public Settings(IConfiguration configuration) => Configuration = configuration;

    public static IConfiguration Load(string[]? args = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args ?? [])
            .Build();

    public static Settings FromEnvironment() => new(Load());

    /// <summary>The outbox directory: option, else SETTLEMENT_OUTBOX, else Settlement:Outbox, else ./out/outbox.</summary>
    public string OutboxDirectory(string? option) =>
        Path.GetFullPath(First(option, Environment.GetEnvironmentVariable("SETTLEMENT_OUTBOX"), Configuration["Settlement:Outbox"]) ?? Path.Combine("out", "outbox"));

    public string OrderRunCron => Configuration["Settlement:Jobs:OrderRun:Cron"] ?? "0 0 6 * * ?";
    public string DeliveryRunCron => Configuration["Settlement:Jobs:DeliveryRun:Cron"] ?? "0 30 6 * * ?";
    public string PaymentRunCron => Configuration["Settlement:Jobs:PaymentRun:Cron"] ?? "0 0 7 * * ?";

    /// <summary>How often the inbox folder is looked at (seconds; Settlement:Jobs:Inbox:Seconds).</summary>
    public int InboxPollSeconds => int.TryParse(Configuration["Settlement:Jobs:Inbox:Seconds"], out var s) && s > 0 ? s : 30;

    /// <summary>The folder the access point writes inbound documents to: SETTLEMENT_INBOX, else Settlement:Inbox:Folder, else ./in/inbox.</summary>
    public string InboxDirectory => Path.GetFullPath(First(Environment.GetEnvironmentVariable("SETTLEMENT_INBOX"), Configuration["Settlement:Inbox:Folder"]) ?? Path.Combine("in", "inbox"));

    /// <summary>
    /// The key file that signs the event log's checkpoints: SETTLEMENT_ANCHOR_KEY, else
    /// Settlement:Anchor:KeyFile, else ./.settlement/checkpoint-key.pem beside the embedded database.
    /// It must live outside the database (whoever holds it can sign); made on first signing.
    /// </summary>
    public string AnchorKeyFile =>
        Path.GetFullPath(First(Environment.GetEnvironmentVariable("SETTLEMENT_ANCHOR_KEY"), Configuration["Settlement:Anchor:KeyFile"])
                         ?? Path.Combine(".settlement", "checkpoint-key.pem"));

    /// <summary>The business date: today in Europe/Stockholm, unless Settlement:Today fixes it.</summary>
    public LocalDate Today(IClock clock)
    {
        var fixedDate = Configuration["Settlement:Today"];
        if (fixedDate is not null)
            return Dates.TryParse(fixedDate, out var d) ? d : throw new SettleException($"Settlement:Today {fixedDate} is not a date (YYYY-MM-DD)");
        return clock.GetCurrentInstant().InZone(Zone).Date;
    }

    /// <summary>The buyer's identity; each field can be configured, the rest stays the agency's default.</summary>
    public BuyerConfiguration Buyer()
    {
        var d = BuyerConfiguration.Default.Party;
        var s = Configuration.GetSection("Settlement:Buyer");
        if (!s.GetChildren().Any()) return BuyerConfiguration.Default;
        try
        {
            var party = new Party(
                s["Name"] ?? d.Name,
                s["OrgNumber"] is { } org ? OrganisationNumber.Parse(org) : d.OrganisationNumber,
                s["PeppolId"] is { } pid ? ParticipantId.Parse(pid) : d.ParticipantId,
                s["VatNumber"] ?? d.VatNumber,
                new PostalAddress(s["Street"] ?? d.Address.Street, s["City"] ?? d.Address.City,
                    s["PostalZone"] ?? d.Address.PostalZone, s["Country"] ?? d.Address.CountryCode));
            return BuyerConfiguration.Default with { Party = party };
        }
        catch (FormatException ex)
        {
            throw new SettleException($"Settlement:Buyer: {ex.Message}");
        }
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
