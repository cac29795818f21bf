namespace Settlement.Worker;

/// <summary>
/// A failure the user can act on, with the exit code of the cli.md contract (2 bad usage or
/// unreadable input, 1 a problem found). The command prints its message as one line on stderr.
/// </summary>
internal sealed class SettleException(string message, int exitCode = ExitCodes.BadInput, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
