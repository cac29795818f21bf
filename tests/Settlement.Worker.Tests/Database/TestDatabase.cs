using Npgsql;
using Settlement.Worker.Database;

namespace Settlement.Worker.Tests.Database;

/// <summary>
/// The PostgreSQL the tests run against: <c>SETTLEMENT_TEST_DB</c> (a connection string whose user
/// may create databases), else an embedded cluster started by the same code as the program's
/// embedded default, in a fixed folder under the temp directory, left running between test runs
/// like the program's own (so several test processes can share it safely). No mocks.
/// </summary>
public static class TestServer
{
    private static readonly Lazy<string> Admin = new(() =>
    {
        var env = Environment.GetEnvironmentVariable("SETTLEMENT_TEST_DB");
        if (!string.IsNullOrWhiteSpace(env)) return env;
        var pg = new EmbeddedPostgres(Path.Combine(Path.GetTempPath(), "settlement-tests-pg"));
        pg.EnsureStarted("postgres");
        return pg.ConnectionString("postgres");
    });

    /// <summary>A new, empty database; returns its connection string.</summary>
    public static string CreateDatabase(string hint)
    {
        var name = $"t_{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray())}_{Guid.NewGuid():N}";
        using (var conn = new NpgsqlConnection(Admin.Value))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"create database \"{name}\"", conn);
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(Admin.Value) { Database = name, Pooling = true }.ConnectionString;
    }

    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var conn = new NpgsqlConnection(Admin.Value);
            conn.Open();
            using var cmd = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn);
            cmd.ExecuteNonQuery();
        }
        catch (NpgsqlException) { } // best effort: a leftover test database harms nothing
    }
}

/// <summary>One fresh, migrated database per test class (xunit class fixture).</summary>
public sealed class TestDatabase : IDisposable
{
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public TestDatabase()
    {
        ConnectionString = TestServer.CreateDatabase(GetType().Name);
        DataSource = Db.Open(ConnectionString);
    }

    public NpgsqlConnection Connect() => DataSource.OpenConnection();

    public void Dispose()
    {
        DataSource.Dispose();
        TestServer.DropDatabase(ConnectionString);
    }
}

/// <summary>Paths of the repository's files the tests read.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>A file of ../shared (the specification beside the repository).</summary>
    public static string Shared(params string[] parts) => System.IO.Path.Combine([Root, "..", "shared", .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Settlement.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
