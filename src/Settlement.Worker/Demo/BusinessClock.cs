using NodaTime;

namespace Settlement.Worker.Demo;

/// <summary>
/// The clock of a simulated run (the demo, the benchmark): 07:00 in Stockholm on the business date
/// being run, so every timestamp a document carries follows the date, and two runs are the same.
/// </summary>
internal sealed class BusinessClock(LocalDate date) : IClock
{
    public LocalDate Date { get; set; } = date;

    public Instant GetCurrentInstant() => Date.At(new LocalTime(7, 0)).InZoneLeniently(Configuration.Settings.Zone).ToInstant();
}
