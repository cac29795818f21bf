namespace Settlement.Worker.Replay;

/// <summary>An event the import refused: kept in the log with its code and why.</summary>
internal sealed record RefusedLogEvent(long Seq, string SourceFile, int SourceLine, string? Type, string? RegisteredOn, string Code, string? Message);
