using System.Diagnostics;

namespace Settlement.Worker.Tests.Portal;

/// <summary>Runs the built `settle` program as a user would: a real process, stdout and stderr apart.</summary>
public static class SettleProcess
{
    public static (int Exit, string Out, string Err) Run(params string[] args) => RunWithInput(null, args);

    public static (int Exit, string Out, string Err) RunWithInput(string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = Path.GetTempPath(),
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "settle.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SETTLEMENT_LOG_DIR"] = Path.Combine(Path.GetTempPath(), "settle-test-logs");
        using var p = Process.Start(psi)!;
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }
}
