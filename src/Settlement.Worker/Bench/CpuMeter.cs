using System.Diagnostics;

namespace Settlement.Worker.Bench;

/// <summary>
/// Processor time spent so far by this process and by the PostgreSQL server processes on this
/// machine (read from /proc; zero where there is none), so that each stage of `settle bench` can
/// say whether its wall time went to our code, to the database or to waiting. On a 2-core machine
/// a stage that uses 2 processor-seconds per second is bound by the processor.
/// </summary>
internal readonly record struct CpuMeter(double Settle, double Database)
{
    /// <summary>Clock ticks per second of /proc/[pid]/stat (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100.0;

    public static CpuMeter Now() => new(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, PostgresSeconds());

    public static CpuMeter operator -(CpuMeter a, CpuMeter b) => new(a.Settle - b.Settle, a.Database - b.Database);
    public static CpuMeter operator +(CpuMeter a, CpuMeter b) => new(a.Settle + b.Settle, a.Database + b.Database);

    private static double PostgresSeconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(dir)[0])) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
                if (open < 0 || close < 0 || stat[(open + 1)..close] != "postgres") continue;
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime (fields 14 and 15 of stat)
            }
            catch (IOException) { } // the process ended while we looked
            catch (UnauthorizedAccessException) { }
        }
        return ticks / TicksPerSecond;
    }
}
