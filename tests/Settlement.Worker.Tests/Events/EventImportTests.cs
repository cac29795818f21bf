using Dapper;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Events;

public sealed class EventImportTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase db;

    public EventImportTests(TestDatabase db)
    {
        this.db = db;
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
    }

    private ImportReport Import(string name, params string[] lines) => EventFile.Import(db, name, lines);

    private const string Provider = EventFile.ExempelRusta;
    private const string Placement = """{"type":"placement","registeredOn":"2024-03-08","placement":"GR-9","provider":"5569876542","level":"B","start":"2024-03-11"}""";

    [Fact]
    public void Bad_lines_are_refused_with_line_and_code_and_the_rest_is_imported()
    {
        var r = Import("bad",
            Provider,                                                                                                  // 1
            Placement,                                                                                                 // 2
            """{"type":"placement","registeredOn":"2024-03-09","placement":"GR-9","provider":"5569876542","level":"C","start":"2024-04-01"}""", // 3 dup
            """{"type":"placement","registeredOn":"2024-03-09","placement":"GR-10","provider":"5560000000","level":"A","start":"2024-04-01"}""", // 4 unknown provider
            """{"type":"interruption","registeredOn":"2024-05-10","placement":"GR-404","date":"2024-05-20","reason":"ARBETE"}""",            // 5 unknown placement
            """{"type":"interruption","registeredOn":"2024-05-10","placement":"GR-9","date":"2024-05-20""",                                  // 6 not JSON
            """{"type":"parallel","registeredOn":"2024-04-10","placement":"GR-9","program":"PRAKTIK","from":"2024-04-15"}""",              // 7 missing 'to'
            "",                                                                                                        // 8 blank: ignored
            """{"type":"periodicReport","registeredOn":"2024-03-20","placement":"GR-9","month":"2024-03"}""",           // 9 early
            """{"type":"periodicReport","registeredOn":"2024-04-02","placement":"GR-9","month":"2024-03"}""",           // 10 ok
            """{"type":"periodicReport","registeredOn":"2024-04-03","placement":"GR-9","month":"2024-03"}""",           // 11 dup
            """{"type":"interruption","registeredOn":"2024-05-10","placement":"GR-9","date":"2024-05-09","reason":"ARBETE"}""",              // 12 retro
            """{"type":"interruption","registeredOn":"2024-05-10","placement":"GR-9","date":"2024-05-20","reason":"ARBETE"}""",              // 13 ok
            """{"type":"periodicReport","registeredOn":"2024-05-20","placement":"GR-9","month":"2024-05"}""",           // 14 ok: cut short
            """{"type":"teleport","registeredOn":"2024-05-21","placement":"GR-9"}""");                                   // 15 unknown type

        Assert.Equal(5, r.Accepted);
        var codes = r.Refusals.Select(x => (x.Line, x.Code)).ToList();
        Assert.Equal([(3, "SETTLE-EVENT-DUP"), (4, "SETTLE-EVENT-UNKNOWN-REF"), (5, "SETTLE-EVENT-UNKNOWN-REF"), (6, "SETTLE-EVENT-INVALID"),
            (7, "SETTLE-EVENT-INVALID"), (9, "SETTLE-REPORT-EARLY"), (11, "SETTLE-REPORT-DUP"), (12, "SETTLE-INT-RETRO"), (15, "SETTLE-EVENT-UNKNOWN")], codes);
        Assert.Contains("'to'", r.Refusals.Single(x => x.Line == 7).Message);

        using var conn = db.Connect();
        var stored = conn.Query<(int Line, string Status, string? Code)>(
            "select source_line, status, code from event_log where source_file like 'bad-%' order by seq").ToList();
        Assert.Equal(14, stored.Count);
        Assert.Equal(("refused", "SETTLE-INT-RETRO"), stored.Where(s => s.Line == 12).Select(s => (s.Status, s.Code)).Single());
        Assert.Equal("accepted", stored.Single(s => s.Line == 13).Status);
    }

    [Fact]
    public void An_event_registered_before_accepted_ones_cannot_turn_them_into_refusals()
    {
        // GR-20's interruption (ARBETE, 2024-06-15) and GR-21's extension are accepted and acted on...
        var first = Import("accepted", Provider,
            """{"type":"placement","registeredOn":"2024-03-08","placement":"GR-20","provider":"5569876542","level":"B","start":"2024-03-11"}""",
            """{"type":"placement","registeredOn":"2024-03-08","placement":"GR-21","provider":"5569876542","level":"B","start":"2024-03-11"}""",
            """{"type":"interruption","registeredOn":"2024-06-10","placement":"GR-20","date":"2024-06-15","reason":"ARBETE"}""",
            """{"type":"extension","registeredOn":"2024-08-01","placement":"GR-21"}""");
        Assert.Empty(first.Refusals);

        // ...then a later file brings events registered before them. Applied in registration order,
        // each would make the accepted one a refusal: they are refused instead, with that code.
        var late = Import("back-dated",
            """{"type":"interruption","registeredOn":"2024-06-01","placement":"GR-20","date":"2024-06-01","reason":"SJUK"}""",
            """{"type":"interruption","registeredOn":"2024-07-01","placement":"GR-21","date":"2024-07-15","reason":"ARBETE"}""",
            """{"type":"parallel","registeredOn":"2024-05-02","placement":"GR-20","program":"PRAKTIK","from":"2024-05-06","to":"2024-05-10"}""");
        Assert.Equal([(1, "SETTLE-INT-DUP"), (2, "SETTLE-EXT-INTERRUPTED")], late.Refusals.Select(x => (x.Line, x.Code!)));
        Assert.All(late.Refusals, x => Assert.Contains("accepted events stay accepted", x.Message));
        Assert.Equal(1, late.Accepted); // a back-dated event that displaces nothing is still taken (the parallel programme)
    }

    [Fact]
    public void The_same_peppol_id_written_with_its_authority_prefix_is_taken() =>
        Assert.Empty(Import("peppol-prefixed",
            """{"type":"provider","registeredOn":"2024-01-02","orgNumber":"5566778899","name":"Prefix AB","peppolId":"iso6523-actorid-upis::0007:5566778899","agreement":"AVT-2024-0010"}""").Refusals);

    [Theory]
    [InlineData("0088:7300010000001")] // another scheme: orders must carry schemeID 0007
    [InlineData("0007:5561234567")]    // another organisation's number: its invoices would be tied to that organisation
    public void A_provider_whose_peppol_id_is_not_its_organisation_number_under_0007_is_refused(string peppolId)
    {
        var r = Import($"peppol-{peppolId[..4]}-{peppolId[^4..]}",
            $$"""{"type":"provider","registeredOn":"2024-01-02","orgNumber":"5590348719","name":"Fel Id AB","peppolId":"{{peppolId}}","agreement":"AVT-2024-0009"}""");
        var refusal = Assert.Single(r.Refusals);
        Assert.Equal("SETTLE-EVENT-INVALID", refusal.Code);
        Assert.Contains("0007:5590348719", refusal.Message);
    }

    [Fact]
    public void A_report_the_tariff_cannot_price_is_refused_and_the_import_goes_on()
    {
        var r = Import("gap",
            """{"type":"provider","registeredOn":"2021-01-04","orgNumber":"5561234567","name":"Norrlands Matchning AB","peppolId":"0007:5561234567","agreement":"AVT-2020-0001"}""",
            """{"type":"placement","registeredOn":"2021-05-28","placement":"GR-2021-000001","provider":"5561234567","level":"A","start":"2021-06-01"}""",
            """{"type":"periodicReport","registeredOn":"2021-07-02","placement":"GR-2021-000001","month":"2021-06"}""",
            """{"type":"provider","registeredOn":"2024-01-02","orgNumber":"5560360793","name":"Tredje AB","peppolId":"0007:5560360793","agreement":"AVT-2024-0003"}""");
        Assert.Equal(3, r.Accepted);
        var refusal = Assert.Single(r.Refusals);
        Assert.Equal((3, "SETTLE-EVENT-INVALID"), (refusal.Line, refusal.Code));
        Assert.Contains("tariff", refusal.Message);
    }
}

/// <summary>The worked example's events (samples/events-worked.jsonl), in a database of their own.</summary>
public sealed class WorkedEventsImportTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase db;

    public WorkedEventsImportTests(TestDatabase db)
    {
        this.db = db;
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
    }

    [Fact]
    public void The_worked_example_refuses_the_retroactive_interruption_and_a_second_import_changes_nothing()
    {
        var file = Repo.Path("samples", "events-worked.jsonl");
        var first = EventImporter.Import(db.DataSource, file);
        Assert.Equal((23, 3), (first.Accepted, first.Refused));
        Assert.Equal([(8, "SETTLE-INT-RETRO"), (15, "SETTLE-RES-EXCLUDED"), (19, "SETTLE-LVL-FIXED")], first.Refusals.Select(x => (x.Line, x.Code!)));

        using var conn = db.Connect();
        var before = conn.QuerySingle<(long Count, byte[] Head)>("select (select count(*) from event_log), (select hash from event_chain_head)");
        var second = EventImporter.Import(db.DataSource, file);
        Assert.Equal((0, 0, 26), (second.Accepted, second.Refused, second.AlreadyImported));
        var after = conn.QuerySingle<(long Count, byte[] Head)>("select (select count(*) from event_log), (select hash from event_chain_head)");
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Head, after.Head);

        var retro = conn.QuerySingle<(string Status, string Code, string Message, int Line)>(
            "select status, code, message, source_line from event_log where placement_id = 'GR-2024-000103' and type = 'interruption' and code is not null");
        Assert.Equal(("refused", "SETTLE-INT-RETRO", 8), (retro.Status, retro.Code, retro.Line));
        Assert.Contains("2024-04-01", retro.Message);
    }
}
