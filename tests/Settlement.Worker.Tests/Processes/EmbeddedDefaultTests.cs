using Settlement.Worker.Database;

namespace Settlement.Worker.Tests.Processes;

/// <summary>The embedded default, end to end: no --db and no SETTLEMENT_DB in a fresh folder.</summary>
public sealed class EmbeddedDefaultTests
{
    [Fact]
    public void Without_db_or_SETTLEMENT_DB_the_program_creates_starts_and_stops_its_own_cluster_under_dot_settlement()
    {
        using var settle = new Settle();
        try
        {
            var status = settle.Run("db", "status");
            Assert.True(status.ExitCode == 1 && status.Out.StartsWith("not created"), $"exit {status.ExitCode}: {status.Out} {status.Err}");

            var import = settle.Run("tariff", "import", Database.Repo.Path("samples", "tariff.json"));
            Assert.Equal(0, import.ExitCode);
            Assert.True(File.Exists(Path.Combine(settle.WorkDir, ".settlement", "pgdata", "PG_VERSION")));

            var url = settle.Run("db", "url").Out.Trim();
            Assert.StartsWith("Host=127.0.0.1;Port=", url);
            Assert.Contains("Database=settlement", url);
            Assert.StartsWith("running on 127.0.0.1:", settle.Run("db", "status").Out);
            // Left running between commands: the second import finds the first one's tariff.
            Assert.Contains("already imported", settle.Run("tariff", "import", Database.Repo.Path("samples", "tariff.json")).Out);

            Assert.Equal("stopped", settle.Run("db", "stop").Out.Trim());
            var stopped = settle.Run("db", "status");
            Assert.Equal((1, true), (stopped.ExitCode, stopped.Out.StartsWith("stopped")));
        }
        finally
        {
            settle.Run("db", "stop");
        }
    }

    [Fact]
    public void A_missing_PostgreSQL_program_is_one_line_saying_what_to_install()
    {
        var ex = Assert.Throws<SettleException>(() => EmbeddedPostgres.Tool("no-such-postgres-program"));
        Assert.Contains("PostgreSQL is not installed", ex.Message);
        Assert.Contains("apt-get install postgresql", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
