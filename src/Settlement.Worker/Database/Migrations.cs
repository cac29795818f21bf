using System.Reflection;
using DbUp;
using DbUp.Engine.Output;
using Npgsql;
using Serilog;

namespace Settlement.Worker.Database;

/// <summary>
/// Applies schemas/db/*.sql (embedded in the program) with DbUp, in name order, each once.
/// A session advisory lock makes concurrent starts (two workers, a test and a command) take turns
/// instead of racing to create the same tables.
/// </summary>
internal static class Migrations
{
    private const long LockKey = 0x5E771E_0001;

    public static IReadOnlyList<string> Scripts() =>
        typeof(Migrations).Assembly.GetManifestResourceNames().Where(IsMigration).Order(StringComparer.Ordinal).ToList();

    private static bool IsMigration(string name) => name.Contains(".Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal);

    /// <summary>Applies what is missing; returns the names of the scripts it ran.</summary>
    public static IReadOnlyList<string> Apply(NpgsqlDataSource ds)
    {
        using var conn = ds.Connect();
        using (var lk = new NpgsqlCommand($"select pg_advisory_lock({LockKey})", conn)) lk.ExecuteNonQuery();
        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(ds.ConnectionString)
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), IsMigration)
                .WithTransactionPerScript()
                .LogTo(new QuietLog())
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
                throw new SettleException($"database migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", ExitCodes.Problem, result.Error);
            var ran = result.Scripts.Select(s => s.Name).ToList();
            foreach (var s in ran) Log.Information("Applied migration {Script}", s);
            return ran;
        }
        finally
        {
            using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({LockKey})", conn);
            unlock.ExecuteNonQuery();
        }
    }

    /// <summary>DbUp's own chatter goes to the debug log only; results are logged above.</summary>
    private sealed class QuietLog : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) => Log.Debug(format, args);
        public void LogWarning(string format, params object[] args) => Log.Warning(format, args);
        public void LogError(string format, params object[] args) => Log.Error(format, args);
        public void LogError(Exception ex, string format, params object[] args) => Log.Error(ex, format, args);
    }
}
