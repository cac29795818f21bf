using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;

namespace Settlement.Engine.Tests;

/// <summary>Small builders so each rule test states only what it is about.</summary>
internal static class Build
{
    public static readonly Tariff SampleTariff = LoadSample();

    private static Tariff LoadSample()
    {
        var read = TariffReader.Read(File.ReadAllText(Path.Combine(Paths.Root, "samples", "tariff.json")));
        return read.Tariff ?? throw new InvalidOperationException(string.Join("; ", read.Errors));
    }

    public static LocalDate D(string iso) => Dates.TryParse(iso, out var d) ? d : throw new FormatException(iso);

    public static PlacementResult Calc(Level level, string start, params PlacementEvent[] events) =>
        Calculator.Calculate(SampleTariff, new PlacementInput(PlacementId.Parse("GR-TEST-1"), "5569876542", level, D(start), events));

    public static Interruption Interrupt(string registered, string date, string reason = "ARBETE") => new(D(registered), D(date), reason);
    public static ParallelProgramme Par(string registered, string program, string from, string to) => new(D(registered), program, D(from), D(to));
    public static Extension Extend(string registered) => new(D(registered));
    public static ResultVerified Verified(string registered, int stage, string verifiedOn) => new(D(registered), stage, D(verifiedOn));

    public static string Codes(PlacementResult r) => string.Join(",", r.Rejected.Select(x => x.Code));

    public static MonthResult Month(PlacementResult r, string month) =>
        r.Periods.SelectMany(p => p.Months).Single(m => Dates.Format(m.Month) == month);
}
