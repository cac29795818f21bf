namespace Settlement.Worker.Replay;

/// <summary>The explanation of one placement: the text, the refusals, and the replay of its stored figures.</summary>
internal sealed record PlacementExplanation(string Placement, string Text, IReadOnlyList<RefusedLogEvent> Refused, ReplayReport Replay);
