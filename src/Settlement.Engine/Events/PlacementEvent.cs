using NodaTime;

namespace Settlement.Engine.Events;

/// <summary>
/// Something registered about a placement on <see cref="RegisteredOn"/>. Events are applied in
/// order of registration (ties in the order given); each is accepted or refused with a rule code.
/// </summary>
public abstract record PlacementEvent(LocalDate RegisteredOn)
{
    /// <summary>The type name as it appears in files (`interruption`, `parallel`, …).</summary>
    public abstract string Type { get; }
}

/// <summary>Avbrott: the placement ends on <see cref="Date"/> (the first day out of service).</summary>
public sealed record Interruption(LocalDate RegisteredOn, LocalDate Date, string Reason) : PlacementEvent(RegisteredOn)
{
    public override string Type => "interruption";
}

/// <summary>Parallell insats: another programme from..to (both included) that reduces the base pay.</summary>
public sealed record ParallelProgramme(LocalDate RegisteredOn, string Program, LocalDate From, LocalDate To) : PlacementEvent(RegisteredOn)
{
    public override string Type => "parallel";
}

/// <summary>Förlängning: adds period 2.</summary>
public sealed record Extension(LocalDate RegisteredOn) : PlacementEvent(RegisteredOn)
{
    public override string Type => "extension";
}

/// <summary>A result stage verified: the work or studies lasted long enough.</summary>
public sealed record ResultVerified(LocalDate RegisteredOn, int Stage, LocalDate VerifiedOn) : PlacementEvent(RegisteredOn)
{
    public override string Type => "resultVerified";
}

/// <summary>An attempt to change the level; always refused, the level is fixed.</summary>
public sealed record LevelChange(LocalDate RegisteredOn, string? To) : PlacementEvent(RegisteredOn)
{
    public override string Type => "levelChange";
}

/// <summary>An event of a type the rule book does not know; always refused.</summary>
public sealed record UnknownEvent(LocalDate RegisteredOn, string TypeName) : PlacementEvent(RegisteredOn)
{
    public override string Type => TypeName;
}

/// <summary>
/// An event of a known type that lacks a field or has one that cannot be read. It is kept (and
/// refused with SETTLE-EVENT-INVALID), so the input is never silently shortened.
/// </summary>
public sealed record InvalidEvent(LocalDate RegisteredOn, string TypeName, string Problem) : PlacementEvent(RegisteredOn)
{
    public override string Type => TypeName;
}
