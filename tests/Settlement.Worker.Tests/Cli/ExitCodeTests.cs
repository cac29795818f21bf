using Dapper;
using Npgsql;
using Settlement.Worker.Database;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Tests.Processes;

namespace Settlement.Worker.Tests.Cli;

/// <summary>cli.md's exit codes as a script sees them: 2 and one stderr line for bad usage, 3 for a crash.</summary>
public sealed class ExitCodeTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private static string OneLine(string stderr) => Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void A_missing_required_option_is_exit_2_with_one_line_naming_it()
    {
        using var settle = new Settle();
        var r = settle.Run("run", "orders");
        Assert.Equal(2, r.ExitCode);
        var line = OneLine(r.Err);
        Assert.Contains("--date", line);
        Assert.Contains("settle --help", line);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("bench", "--placements", "1")]
    public void An_unparsable_connection_string_is_exit_2_naming_the_option(params string[] command)
    {
        using var settle = new Settle();
        var r = settle.Run([.. command, "--db", "x"]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"settle {command[0]}: --db: not a valid connection string", OneLine(r.Err));
    }

    [Fact]
    public void An_unparsable_SETTLEMENT_DB_is_exit_2_naming_it()
    {
        using var settle = new Settle();
        settle.Env["SETTLEMENT_DB"] = "Database=settlement"; // parses, but names no host
        var r = settle.Run("invoices");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("settle invoices: SETTLEMENT_DB: not a valid connection string", OneLine(r.Err));
    }

    [Fact]
    public void Inbox_import_of_an_unreadable_file_is_exit_2_naming_it_before_anything_is_taken_in()
    {
        using var settle = new Settle();
        var folder = Directory.CreateDirectory(Path.Combine(settle.WorkDir, "inbox")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.xml"), "<Invoice/>"); // readable, first in order
        var broken = Path.Combine(folder, "b.xml");
        File.CreateSymbolicLink(broken, Path.Combine(settle.WorkDir, "gone.xml")); // listed, but cannot be opened (even by root)

        var r = settle.Run("inbox", "import", folder, "--db", db.ConnectionString, "--outbox", Path.Combine(settle.WorkDir, "outbox"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"settle inbox import: {broken}: cannot read the file", OneLine(r.Err));
        Assert.Equal("", r.Out);
        using var conn = db.Connect();
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from inbound_documents"));
    }

    [Fact]
    public void An_internal_error_is_exit_3_with_one_line_pointing_at_the_log_that_has_the_details()
    {
        // A database whose schema was damaged behind the program's back: nothing the user typed is wrong.
        var cs = TestServer.CreateDatabase("internal");
        try
        {
            using (var ds = Db.Open(cs))
            using (var conn = ds.OpenConnection())
                conn.Execute("drop table inbound_outcomes cascade");
            using var settle = new Settle();
            var r = settle.Run("invoices", "--db", cs);
            Assert.Equal(3, r.ExitCode);
            Assert.Equal("", r.Out);
            var line = OneLine(r.Err);
            Assert.StartsWith("settle invoices: internal error: ", line);
            Assert.Contains("inbound_outcomes", line);
            var log = line[(line.IndexOf("; see the log ", StringComparison.Ordinal) + "; see the log ".Length)..];
            var details = File.ReadAllText(log);
            Assert.Contains("failed unexpectedly", details);
            Assert.Contains("PostgresException", details);
        }
        finally { TestServer.DropDatabase(cs); }
    }
}
