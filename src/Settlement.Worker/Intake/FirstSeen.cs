namespace Settlement.Worker.Intake;

/// <summary>The first decided document with given bytes: what a later copy is a duplicate of, and repeats.</summary>
internal sealed record FirstSeen(long Id, string? Type, string? Number, string? Seller, string? Order, int? Line, decimal? Amount);
