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
public static class Db
{
    public const string EnvVar = "SETTLEMENT_DB";

    static Db() => DapperNodaTime.Register();

    /// <summary>The connection string the command will use, starting the embedded default when it is the one.</summary>
    public static string ResolveConnectionString(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option)) return option;
        var env = Environment.GetEnvironmentVariable(EnvVar);
        if (!string.IsNullOrWhiteSpace(env)) return env;
        return EmbeddedPostgres.Default().EnsureStarted();
    }

    /// <summary>A data source with NodaTime mapping (date ↔ LocalDate, timestamptz ↔ Instant), migrated.</summary>
    public static NpgsqlDataSource Open(string? option, bool migrate = true)
    {
        var cs = ResolveConnectionString(option);
        NpgsqlDataSource ds;
        try
        {
            var b = new NpgsqlDataSourceBuilder(cs);
            b.UseNodaTime();
            ds = b.Build();
        }
        catch (ArgumentException ex)
        {
            throw new SettleException($"--db / {EnvVar}: not a valid connection string: {ex.Message}");
        }
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
