using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace Settlement.Worker.Database;

/// <summary>
/// The embedded default (cli.md): a PostgreSQL cluster the program creates under
/// <c>./.settlement/</c> with the machine's own <c>initdb</c>/<c>pg_ctl</c>, listening on
/// 127.0.0.1 on a port chosen once and saved beside the cluster, its unix socket inside the
/// directory (so it needs nothing from /var/run). It is left running between commands.
/// initdb refuses to run as root, so as root every PostgreSQL program runs as the unprivileged
/// <c>postgres</c> account via <c>runuser</c>, and the cluster directory is given to that account.
/// The tests start their cluster with this same class in a temporary directory.
/// </summary>
internal sealed class EmbeddedPostgres
{
    public const string SuperUser = "settle";
    public const string DatabaseName = "settlement";
    private const string ServiceAccount = "postgres";

    public string Root { get; }
    private string DataDir => Path.Combine(Root, "pgdata");
    private string SocketDir => Path.Combine(Root, "run");
    private string PortFile => Path.Combine(Root, "port");
    private string LogFile => Path.Combine(SocketDir, "postgres.log"); // in a directory the server account owns

    public EmbeddedPostgres(string root) => Root = Path.GetFullPath(root);

    /// <summary>The default location: <c>.settlement/</c> in the current directory.</summary>
    public static EmbeddedPostgres Default() => new(Path.Combine(Environment.CurrentDirectory, ".settlement"));

    public bool IsInitialised => File.Exists(Path.Combine(DataDir, "PG_VERSION"));

    public int? Port => File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile).Trim(), out var p) ? p : null;

    public string ConnectionString(string database = DatabaseName) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port ?? throw new SettleException($"the embedded PostgreSQL in {Root} has not been created (settle db start)"),
            Username = SuperUser, Database = database, Pooling = true, Timeout = 30, CommandTimeout = 300,
        }.ConnectionString;

    /// <summary>Creates the cluster when missing, starts it when stopped, and makes sure the database exists.</summary>
    public string EnsureStarted(string database = DatabaseName)
    {
        using (FileLock.Acquire(Path.Combine(Root, "lock")))
        {
            if (!IsInitialised) Initialise();
            if (!IsRunning()) Start();
        }
        CreateDatabaseIfMissing(database);
        return ConnectionString(database);
    }

    public bool IsRunning() => IsInitialised && Run(Tool("pg_ctl"), ["status", "-D", DataDir], check: false).ExitCode == 0;

    public void Stop()
    {
        if (!IsRunning()) return;
        Run(Tool("pg_ctl"), ["stop", "-D", DataDir, "-m", "fast", "-w"]);
    }

    public void CreateDatabaseIfMissing(string database)
    {
        using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        conn.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", conn) { Parameters = { new() { Value = database } } };
        if (exists.ExecuteScalar() is not null) return;
        try
        {
            using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", conn);
            create.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
    }

    private void Initialise()
    {
        Directory.CreateDirectory(Root);
        if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true); // a half-made cluster from an interrupted initdb
        Directory.CreateDirectory(DataDir);
        Directory.CreateDirectory(SocketDir);
        GiveToServiceAccount(DataDir);
        GiveToServiceAccount(SocketDir);
        if (IsRoot && Run("test", ["-w", DataDir], check: false).ExitCode != 0)
            throw new SettleException($"the '{ServiceAccount}' account that runs the embedded PostgreSQL cannot reach {DataDir}: every folder above it must be searchable by others (chmod o+x)");
        Run(Tool("initdb"), ["-D", DataDir, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions"]);
        File.WriteAllText(PortFile, FreePort().ToString());
    }

    /// <summary>
    /// Server settings for a write-heavy system of record on one machine: a national month writes
    /// gigabytes of documents in bursts, and the defaults (128 MB buffers, a checkpoint every 1 GB
    /// of WAL with full-page images after each) make PostgreSQL spend its time checkpointing.
    /// Durability is unchanged: fsync and synchronous commit stay on.
    /// </summary>
    private const string Tuning = "-c shared_buffers=512MB -c max_wal_size=8GB -c checkpoint_timeout=15min " +
        "-c checkpoint_completion_target=0.9 -c wal_compression=lz4 -c wal_buffers=64MB";

    private void Start()
    {
        Directory.CreateDirectory(SocketDir);
        GiveToServiceAccount(SocketDir);
        var port = Port ?? FreePort();
        if (!PortIsFree(port)) port = FreePort(); // someone else took it while we were stopped
        File.WriteAllText(PortFile, port.ToString());
        var options = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{SocketDir}' -c max_connections=200 {Tuning}";
        var result = Run(Tool("pg_ctl"), ["start", "-D", DataDir, "-w", "-t", "60", "-l", LogFile, "-o", options], check: false);
        if (result.ExitCode != 0)
        {
            var tail = File.Exists(LogFile) ? string.Join(" | ", File.ReadLines(LogFile).TakeLast(3)) : result.Output;
            throw new SettleException($"could not start the embedded PostgreSQL in {DataDir}: {tail.Trim()}");
        }
    }

    private static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    [DllImport("libc")] private static extern uint geteuid();

    private static void GiveToServiceAccount(string dir)
    {
        if (IsRoot) Chown(dir);
    }

    private static void Chown(string path)
    {
        var r = Run("chown", ["-R", $"{ServiceAccount}:", path], check: false);
        if (r.ExitCode != 0)
            throw new SettleException($"running as root, the embedded PostgreSQL needs the unprivileged '{ServiceAccount}' account (initdb refuses root): {r.Output.Trim()}");
    }

    /// <summary>A PostgreSQL program by name: on PATH, else the newest /usr/lib/postgresql/*/bin.</summary>
    public static string Tool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var found = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", name))
                .Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault();
            if (found is not null) return found;
        }
        throw new SettleException($"PostgreSQL is not installed ('{name}' not found): install the server (Debian/Ubuntu: apt-get install postgresql) or give --db / SETTLEMENT_DB a connection string");
    }

    private sealed record ProcessResult(int ExitCode, string Output);

    private static ProcessResult Run(string program, IReadOnlyList<string> args, bool check = true)
    {
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        bool asService = IsRoot && program != "chown";
        psi.FileName = asService ? "runuser" : program;
        if (asService) { psi.ArgumentList.Add("-u"); psi.ArgumentList.Add(ServiceAccount); psi.ArgumentList.Add("--"); psi.ArgumentList.Add(program); }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi) ?? throw new SettleException($"could not run {program}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var output = stdout.Result + stderr.Result;
        if (check && p.ExitCode != 0)
            throw new SettleException($"{Path.GetFileName(program)} {string.Join(' ', args)} failed: {output.Trim()}");
        return new(p.ExitCode, output);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            l.Stop();
            return true;
        }
        catch (SocketException) { return false; }
    }
}

/// <summary>An exclusive lock file, so two processes starting the embedded default at once do not both run initdb.</summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream stream;
    private FileLock(FileStream s) => stream = s;

    public static FileLock Acquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try { return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(100); }
        }
    }

    public void Dispose() => stream.Dispose();
}
