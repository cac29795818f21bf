using Spectre.Console;

namespace Settlement.Worker.Cli;

/// <summary>
/// A progress bar on stderr for long runs, only when stderr is an interactive terminal (never in
/// pipes, files or tests, where it would be noise); stdout stays the command's machine output.
/// </summary>
internal static class Progress
{
    public static bool Interactive => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public static T Run<T>(string title, Func<IProgress<(int Done, int Total)>?, T> work)
    {
        if (!Interactive) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(title);
            result = work(new Reporter(task));
            task.Value = task.MaxValue;
        });
        return result;
    }

    private sealed class Reporter(ProgressTask task) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
    }
}
