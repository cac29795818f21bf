using Settlement.Peppol.Identifiers;
using Settlement.Worker.Demo;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Demo;

/// <summary>The demo's events: generated from a seed, committed under samples/, and a realistic mix.</summary>
public sealed class DemoEventsTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private static readonly string Committed = Repo.Path("samples", "demo-events.jsonl");

    [Fact]
    public void The_committed_sample_is_what_the_generator_makes()
    {
        var generated = DemoEvents.Generate();
        if (Environment.GetEnvironmentVariable("SETTLEMENT_APPROVE") == "1") File.WriteAllText(Committed, generated);
        Assert.True(File.Exists(Committed), "samples/demo-events.jsonl is missing: run the tests with SETTLEMENT_APPROVE=1");
        Assert.True(generated == File.ReadAllText(Committed), "samples/demo-events.jsonl differs from DemoEvents.Generate(): review the change and run the tests with SETTLEMENT_APPROVE=1");
    }

    [Fact]
    public void Providers_have_valid_organisation_numbers_and_peppol_ids()
    {
        Assert.Equal(4, DemoEvents.Providers.Count);
        Assert.All(DemoEvents.Providers, p =>
        {
            Assert.True(OrganisationNumber.TryParse(p.OrgNumber, out _), p.OrgNumber);
            Assert.True(ParticipantId.TryParse(p.PeppolId, out _), p.PeppolId);
        });
    }

    [Fact]
    public void The_sample_imports_with_one_retroactive_interruption_refused_and_a_realistic_mix()
    {
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        var report = EventImporter.Import(db.DataSource, Committed);
        Assert.Single(report.Refusals, r => r.Code == "SETTLE-INT-RETRO");
        Assert.All(report.Refusals, r => Assert.Contains(r.Code, new[] { "SETTLE-INT-RETRO", "SETTLE-LVL-FIXED" }));
        var lines = File.ReadAllLines(Committed);
        Assert.Equal(lines.Length, report.Accepted + report.Refusals.Count);
        int Count(string type) => lines.Count(l => l.Contains($"\"type\":\"{type}\""));
        Assert.InRange(Count("placement"), 280, 300);
        foreach (var type in new[] { "parallel", "extension", "resultVerified", "levelChange", "periodicReport" })
            Assert.True(Count(type) > 0, type);
        foreach (var reason in new[] { "ARBETE", "STUDIER", "SUBV", "SJUK", "AUB", "SAMHALL", "BYTE", "ANNAN_TJANST", "OVRIGT" })
            Assert.Contains(lines, l => l.Contains($"\"reason\":\"{reason}\""));
        Assert.Contains(lines, l => l.Contains("\"stage\":2"));
    }
}
