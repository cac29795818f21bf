using System.Collections.Concurrent;
using System.Diagnostics;

namespace Settlement.Worker;

/// <summary>
/// Where the time goes inside a run (for `settle bench` work): named sections add up their wall
/// time; with SETTLEMENT_PROFILE=1 each run prints the totals to stderr at its end and starts over.
/// Costs a stopwatch per section otherwise.
/// </summary>
internal static class Prof
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("SETTLEMENT_PROFILE") is "1" or "true";
    private static readonly ConcurrentDictionary<string, long> Ticks = new();

    public static T Time<T>(string name, Func<T> work)
    {
        var start = Stopwatch.GetTimestamp();
        try { return work(); }
        finally { Add(name, start); }
    }

    public static void Time(string name, Action work)
    {
        var start = Stopwatch.GetTimestamp();
        try { work(); }
        finally { Add(name, start); }
    }

    private static void Add(string name, long start)
    {
        if (!Enabled) return;
        var elapsed = Stopwatch.GetTimestamp() - start;
        Ticks.AddOrUpdate(name, elapsed, (_, v) => v + elapsed);
    }

    /// <summary>Prints the totals (when enabled) under a heading, and clears them.</summary>
    public static void Dump(string heading)
    {
        if (!Enabled || Ticks.IsEmpty) return;
        Console.Error.WriteLine($"profile {heading}: " + string.Join(", ", Ticks.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key} {t.Value / (double)Stopwatch.Frequency:0.000} s")));
        Ticks.Clear();
    }
}
