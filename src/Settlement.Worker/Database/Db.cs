using System.Data;
using Dapper;
using NodaTime;
using Npgsql;

namespace Settlement.Worker.Database;

/// <summary>
/// Where the system of record is: <c>--db</c>, else <c>SETTLEMENT_DB</c>, else the embedded
/// default under <c>./.settlement/</c> (created and started when needed). Opening a database
/// applies the migrations, so every command sees the current schema.
/// </summary>
internal static class Db
{
    public const string EnvVar = "SETTLEMENT_DB";

    static Db() => DapperNodaTime.Register();

    /// <summary>
    /// The connection string the command will use, starting the embedded default when it is the one.
    /// A string given by the user is checked here, before anything uses it, so every command (and
    /// every later parse of it: bench, the worker's scheduler) reports a malformed one as bad usage
    /// naming where it came from, not as an internal error. Building a data source parses and
    /// validates it (a missing host, say) without connecting. The value itself is not repeated:
    /// it may hold a password.
    /// </summary>
    public static string ResolveConnectionString(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option)) return Checked(option, "--db");
        var env = Environment.GetEnvironmentVariable(EnvVar);
        if (!string.IsNullOrWhiteSpace(env)) return Checked(env, EnvVar);
        return EmbeddedPostgres.Default().EnsureStarted();
    }

    private static string Checked(string cs, string where)
    {
        try { new NpgsqlDataSourceBuilder(cs).Build().Dispose(); }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new SettleException($"{where}: not a valid connection string: {ex.Message}");
        }
        return cs;
    }

    /// <summary>A data source with NodaTime mapping (date ↔ LocalDate, timestamptz ↔ Instant), migrated.</summary>
    public static NpgsqlDataSource Open(string? option, bool migrate = true)
    {
        var b = new NpgsqlDataSourceBuilder(ResolveConnectionString(option));
        b.UseNodaTime();
        var ds = b.Build();
        if (migrate) Migrations.Apply(ds);
        return ds;
    }

    /// <summary>Opens a connection, turning "cannot reach the database" into one clear line.</summary>
    public static NpgsqlConnection Connect(this NpgsqlDataSource ds)
    {
        try { return ds.OpenConnection(); }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            var b = new NpgsqlConnectionStringBuilder(ds.ConnectionString);
            throw new SettleException($"cannot connect to PostgreSQL at {b.Host}:{b.Port} database {b.Database}: {ex.Message}", inner: ex);
        }
    }
}

/// <summary>Dapper knows nothing of NodaTime; these hand the values to Npgsql, which does.</summary>
internal static class DapperNodaTime
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        SqlMapper.AddTypeHandler(new Handler<LocalDate>(DbType.Date));
        SqlMapper.AddTypeHandler(new Handler<Instant>(DbType.DateTime));
        SqlMapper.AddTypeHandler(new Handler<YearMonth>(DbType.String));
    }

    private sealed class Handler<T>(DbType type) : SqlMapper.TypeHandler<T>
    {
        public override void SetValue(IDbDataParameter parameter, T? value)
        {
            if (value is YearMonth ym) { parameter.Value = Engine.Primitives.Dates.Format(ym); parameter.DbType = DbType.String; return; }
            parameter.Value = value;
            if (parameter is NpgsqlParameter p)
                p.NpgsqlDbType = type == DbType.Date ? NpgsqlTypes.NpgsqlDbType.Date : NpgsqlTypes.NpgsqlDbType.TimestampTz;
        }

        public override T Parse(object value) => value switch
        {
            T t => t,
            string s when typeof(T) == typeof(YearMonth) && Engine.Primitives.Dates.TryParseMonth(s, out var m) => (T)(object)m,
            DateTime dt when typeof(T) == typeof(LocalDate) => (T)(object)LocalDate.FromDateTime(dt),
            _ => throw new InvalidCastException($"cannot read {value.GetType().Name} as {typeof(T).Name}"),
        };
    }
}
