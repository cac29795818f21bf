namespace Settlement.Worker.Bench;

/// <summary>
/// What `settle bench` prints under SETTLEMENT_PROFILE=1 beyond the stage times: the garbage
/// collector's work during a stretch, and the processor time of this process's threads by kind
/// (main thread, thread pool, GC, JIT), to tell computing from collecting and compiling.
/// </summary>
internal static class BenchDiagnostics
{
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("SETTLEMENT_PROFILE") is "1";

    public readonly record struct GcSnapshot(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Pause)
    {
        public static GcSnapshot Now() => new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            GC.GetTotalPauseDuration());

        public string Since(GcSnapshot start) =>
            $"allocated {(Allocated - start.Allocated) / 1048576.0:0} MiB, gen0 {Gen0 - start.Gen0}, gen1 {Gen1 - start.Gen1}, gen2 {Gen2 - start.Gen2}, " +
            $"pause {(Pause - start.Pause).TotalSeconds:0.0} s";
    }

    /// <summary>User and system processor time of the live threads, grouped by thread name (Linux; empty elsewhere).</summary>
    public static IEnumerable<string> Threads()
    {
        if (!OperatingSystem.IsLinux()) yield break;
        var threads = new List<(string Name, double User, double System)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try { stat = File.ReadAllText(Path.Combine(task, "stat")); }
            catch (IOException) { continue; } // the thread ended while we looked
            int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            threads.Add((stat[(open + 1)..close], long.Parse(fields[11]) / 100.0, long.Parse(fields[12]) / 100.0));
        }
        foreach (var g in threads.GroupBy(t => t.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            yield return $"threads {g.Key}: {g.Count()}, user {g.Sum(t => t.User):0.0} s, system {g.Sum(t => t.System):0.0} s";
    }
}
