using Dapper;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Events;

/// <summary>
/// A provider's PEPPOL ids at import (issue 17): an order address and any number of invoicing
/// addresses, each checked as its scheme defines it (SETTLE-PARTY-ID), each belonging to one
/// provider only (SETTLE-PARTY-ID-TAKEN), stored in provider_ids with the provider.
/// </summary>
public sealed class ProviderIdsImportTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase db;

    public ProviderIdsImportTests(TestDatabase db)
    {
        this.db = db;
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
    }

    private ImportReport Import(string name, params string[] lines) => EventFile.Import(db, name, lines);

    private static string Provider(string org, string ids, string name = "Id AB") =>
        $$"""{"type":"provider","registeredOn":"2024-01-02","orgNumber":"{{org}}","name":"{{name}}","peppolId":"0007:{{org}}","agreement":"AVT-{{org}}"{{ids}}}""";

    private List<(string Id, string Role)> Ids(string org)
    {
        using var conn = db.DataSource.OpenConnection();
        return conn.Query<(string, string)>("select participant_id, role from provider_ids where provider_org = @org order by role desc, participant_id", new { org }).ToList();
    }

    [Fact]
    public void A_provider_registers_its_order_address_and_its_invoicing_addresses_of_any_scheme_of_the_release()
    {
        var r = Import("invoicing-ids", Provider("5566778899", ""","invoicingIds":["0088:7300010000001","iso6523-actorid-upis::0192:974760673","0184:DK10000017","0007:5566778899"]"""));
        Assert.Empty(r.Refusals);
        // Each id once, as parsed (the authority prefix dropped); the order address repeated among the invoicing ones stays the order address.
        Assert.Equal([("0007:5566778899", "order"), ("0088:7300010000001", "invoicing"), ("0184:DK10000017", "invoicing"), ("0192:974760673", "invoicing")], Ids("5566778899"));
    }

    [Fact]
    public void A_provider_without_invoicing_ids_is_registered_with_its_order_address_as_today()
    {
        Assert.Empty(Import("order-only", Provider("5561234567", "")).Refusals);
        Assert.Equal([("0007:5561234567", "order")], Ids("5561234567"));
    }

    [Theory]
    [InlineData("0088:7300010000002", "GLN")]
    [InlineData("0192:974760674", "Norwegian organisation number")]
    [InlineData("0184:10000018", "Danish CVR")]
    [InlineData("9955:SE559034871901", "electronic address scheme")]
    [InlineData("0007:5590348710", "Swedish organisation number")]
    [InlineData("0060:12 34", "identifier of scheme 0060")]
    public void An_invoicing_id_that_fails_its_schemes_check_is_refused_naming_the_id_and_the_check(string id, string check)
    {
        var r = Import($"bad-{id[..4]}", Provider("5590348719", $$""","invoicingIds":["0007:5590348719","{{id}}"]"""));
        var refusal = Assert.Single(r.Refusals);
        Assert.Equal("SETTLE-PARTY-ID", refusal.Code);
        Assert.Contains(id, refusal.Message);
        Assert.Contains(check, refusal.Message);
        Assert.Empty(Ids("5590348719"));
    }

    [Fact]
    public void An_order_address_that_fails_its_check_is_refused_with_the_same_code()
    {
        var r = Import("bad-order-id", """{"type":"provider","registeredOn":"2024-01-02","orgNumber":"5560360793","name":"X AB","peppolId":"0007:5560360794","agreement":"AVT-1"}""");
        var refusal = Assert.Single(r.Refusals);
        Assert.Equal("SETTLE-PARTY-ID", refusal.Code);
        Assert.Contains("'peppolId' 0007:5560360794", refusal.Message);
    }

    [Theory]
    [InlineData("\"0088:7300010000001\"")]
    [InlineData("[1]")]
    public void Invoicing_ids_that_are_not_a_list_of_strings_are_refused(string value)
    {
        var refusal = Assert.Single(Import("not-a-list", Provider("5569876542", $$""","invoicingIds":{{value}}""")).Refusals);
        Assert.Equal(("SETTLE-EVENT-INVALID", "'invoicingIds' must be an array of strings (PEPPOL participant ids)"), (refusal.Code, refusal.Message));
    }

    [Fact]
    public void An_id_registered_to_another_provider_is_refused_in_a_later_file_and_in_the_same_file()
    {
        Assert.Empty(Import("first", Provider("5565817490", ""","invoicingIds":["0088:7350000000009"]""", "Första AB")).Refusals);
        // Another case of the same id is the same PEPPOL id.
        var later = Import("later", Provider("5567321780", ""","invoicingIds":["0088:7350000000009"]""", "Andra AB"));
        var taken = Assert.Single(later.Refusals);
        Assert.Equal(("SETTLE-PARTY-ID-TAKEN", "PEPPOL id 0088:7350000000009 is already registered to provider 5565817490"), (taken.Code, taken.Message));

        var same = Import("same-file",
            Provider("5564404431", ""","invoicingIds":["0184:20123451"]""", "Tredje AB"),
            Provider("5562718311", ""","invoicingIds":["0184:20123451"]""", "Fjärde AB"));
        var second = Assert.Single(same.Refusals);
        Assert.Equal((2, "SETTLE-PARTY-ID-TAKEN"), (second.Line, second.Code));
        Assert.Contains("5564404431", second.Message);
        Assert.Empty(Ids("5562718311"));
    }
}
