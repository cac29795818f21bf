namespace Settlement.Worker;

/// <summary>
/// The exit codes of the cli.md contract: 0 success, 1 a problem found and reported, 2 bad usage or
/// unreadable input; and 3 an internal error (a bug or a failure nobody anticipated), which the
/// contract does not name: it must not look like 1, or a crash of `settle replay` would read as
/// "differences found". Here, below the command line, so the layers that raise a
/// <see cref="SettleException"/> need not know the CLI.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0, Problem = 1, BadInput = 2, InternalError = 3;
}
