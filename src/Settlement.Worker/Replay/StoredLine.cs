using NodaTime;

namespace Settlement.Worker.Replay;

/// <summary>An order line as stored (<see cref="Month"/>: the base-pay month it orders, null for a one-off payment).</summary>
internal sealed record StoredLine(string OrderNumber, int LineNo, string Article, string? Month, decimal Quantity, string UnitCode,
    decimal Price, decimal Amount, LocalDate? PeriodFrom, LocalDate? PeriodTo);
