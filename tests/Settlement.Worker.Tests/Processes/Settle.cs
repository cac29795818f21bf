using System.Diagnostics;
using System.Text;

namespace Settlement.Worker.Tests.Processes;

/// <summary>Runs the built program (settle.dll, copied beside the tests) as a real process with `dotnet`.</summary>
public sealed class Settle : IDisposable
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "settle.dll");

    /// <summary>A fresh folder, searchable by others: as root, the embedded PostgreSQL runs as the postgres account.</summary>
    public string WorkDir { get; } = Directory.CreateTempSubdirectory("settle-proc-").FullName;

    public Settle() => File.SetUnixFileMode(WorkDir, (UnixFileMode)0b111_101_101);
    public Dictionary<string, string> Env { get; } = new() { ["SETTLEMENT_LOG_LEVEL"] = "Warning" };

    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>A started process whose output is read as it comes (a full pipe would otherwise stall it).</summary>
    public sealed class Running(Process process) : IDisposable
    {
        private readonly StringBuilder stdout = new(), stderr = new();
        public Process Process => process;
        public bool HasExited => process.HasExited;
        public string Out { get { lock (stdout) return stdout.ToString(); } }
        public string Err { get { lock (stderr) return stderr.ToString(); } }

        internal Running Begin()
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return this;
        }

        /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
        public void KillHard() { if (!process.HasExited) process.Kill(); process.WaitForExit(); }

        public void Dispose() { KillHard(); process.Dispose(); }
    }

    public Running Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = WorkDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("SETTLEMENT_DB"); // not the caller's; a test may set its own in Env
        foreach (var (k, v) in Env) psi.Environment[k] = v;
        return new Running(Process.Start(psi)!).Begin();
    }

    public Result Run(params string[] args)
    {
        using var p = Start(args);
        if (!p.Process.WaitForExit(TimeSpan.FromMinutes(3))) throw new TimeoutException($"settle {string.Join(' ', args)} did not finish");
        p.Process.WaitForExit(); // flushes the asynchronous readers
        return new(p.Process.ExitCode, p.Out, p.Err);
    }

    /// <summary>Removes the folder (an embedded cluster in it must be stopped first).</summary>
    public void Dispose()
    {
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A synthetic event file: one provider and <paramref name="count"/> placements starting 2024-03-11.</summary>
    public string ManyPlacements(int count)
    {
        var sb = new StringBuilder();
        sb.AppendLine("""{"type":"provider","registeredOn":"2024-01-02","orgNumber":"5569876542","name":"Exempel Rusta AB","peppolId":"0007:5569876542","agreement":"AVT-2023-0117","vatNumber":"SE556987654201","address":{"street":"Storgatan 1","city":"Umeå","postalZone":"90326","country":"SE"}}""");
        for (int i = 1; i <= count; i++)
            sb.AppendLine($$"""{"type":"placement","registeredOn":"2024-03-01","placement":"GR-2024-{{i:D6}}","provider":"5569876542","level":"{{"ABC"[i % 3]}}","start":"2024-03-11"}""");
        var file = Path.Combine(WorkDir, "many.jsonl");
        File.WriteAllText(file, sb.ToString());
        return file;
    }
}
