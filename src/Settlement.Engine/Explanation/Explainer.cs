using System.Globalization;
using System.Text;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;

namespace Settlement.Engine.Explanation;

/// <summary>
/// Renders a placement's derivations in Swedish, in the layout of the rule book's example, so an
/// auditor can redo every figure by hand: the rule, the inputs (dates, level, tariff version,
/// index entry) and the arithmetic. Numbers are written as in the rule book (decimal point) so the
/// arithmetic can be pasted into a calculator.
/// </summary>
public static class Explainer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Explain(PlacementResult r)
    {
        var sb = new StringBuilder();
        var id = r.Id.Value;
        sb.AppendLine($"{id} · nivå {r.Level} · start {Dates.Format(r.Start)} · leverantör {r.Provider}");
        foreach (var p in r.Periods)
        {
            sb.AppendLine($"{id} · period {p.Number} · {Dates.Format(p.Start)}..{Dates.Format(p.End)} · dagersättning");
            sb.AppendLine($"  dagersättning = {Rate(p.Rate)} = {p.DailyRate}   ({Source(p.TariffVersion, p.Rate)})");
            foreach (var m in p.Months)
                Month(sb, r, p, m);
        }
        if (r.Interruption is { } i)
            sb.AppendLine($"{id} · avbrott {Dates.Format(i.Date)} {i.Reason} ({InterruptionReasons.Describe(i.Reason)}), registrerat {Dates.Format(i.RegisteredOn)}"
                + (InterruptionReasons.QualifiesForResult(i.Reason) ? " · ger rätt till resultatersättning" : " · ger inte rätt till resultatersättning eller snabbhetspremie"));
        if (r.SpeedBonus is { } s)
        {
            sb.AppendLine($"{id} · period {s.PeriodNumber} · snabbhetspremie");
            var cap = s.MaxDays is { } max && s.UncappedDays > max ? $", högst {max} dagar" : "";
            sb.AppendLine($"  dagar      = {Dates.Format(s.From)}..{Dates.Format(s.To)}   {s.UncappedDays} dagar{cap} → {s.Days}   (taxa {Dates.Format(s.TariffVersion)})");
            sb.AppendLine($"  belopp     = round2({s.Days} × {s.DailyRate})".PadRight(60) + $"= {s.Amount}");
            sb.AppendLine($"  intjänad   = {(s.EarnedOn is { } e ? Dates.Format(e) + " (steg 1 verifierat)" : "när steg 1 verifieras")}");
        }
        foreach (var res in r.Results)
        {
            sb.AppendLine($"{id} · resultatersättning steg {res.Stage}");
            sb.AppendLine($"  totalt     = {Rate(res.Total)} = {res.Total.Amount}   ({Source(res.TariffVersion, res.Total)})");
            sb.AppendLine(res.IsLast && res.Stage != r.Results[0].Stage
                ? $"  belopp     = {res.Total.Amount} − tidigare steg".PadRight(60) + $"= {res.Amount}   (sista steget tar resten)"
                : $"  belopp     = round2({res.Total.Amount} × {res.Share.ToString(Inv)})".PadRight(60) + $"= {res.Amount}");
            sb.AppendLine($"  tidigast   = {Dates.Format(res.EarliestOn)} ({res.AfterMonths} månader efter avbrottet)   verifierat {(res.VerifiedOn is { } v ? Dates.Format(v) : "ännu inte")}");
        }
        foreach (var sup in r.Supplements)
        {
            sb.AppendLine($"{id} · tilläggsersättning {sup.Id} (steg {sup.Stage})");
            sb.AppendLine($"  belopp     = {Rate(sup.Indexed)} = {sup.Amount}   ({Source(sup.TariffVersion, sup.Indexed)})");
            sb.AppendLine($"  intjänad   = {(sup.EarnedOn is { } e ? Dates.Format(e) : $"när steg {sup.Stage} verifieras")}");
        }
        foreach (var x in r.Rejected)
            sb.AppendLine($"{id} · avvisad händelse {x.Event} ({x.Source.Type}, registrerad {Dates.Format(x.Source.RegisteredOn)}): {x.Code} – {x.Message}");
        return sb.ToString();
    }

    private static void Month(StringBuilder sb, PlacementResult r, PeriodResult p, MonthResult m)
    {
        sb.AppendLine($"{r.Id.Value} · period {p.Number} · {Dates.Format(m.Month)} · grundersättning");
        sb.AppendLine($"  beställt   = round2({m.PlannedDays} × {p.DailyRate})".PadRight(60) + $"= {m.PlannedAmount}   ({Dates.Format(m.From)}..{Dates.Format(m.To)})");
        var service = m.InServiceTo is { } to ? $"{Dates.Format(m.From)}..{Dates.Format(to)}" : "inga dagar";
        var cause = r.Interruption is { } i && i.Date <= m.To ? $" (avbrott {Dates.Format(i.Date)} {i.Reason})" : "";
        sb.AppendLine($"  i tjänst   = {service}{cause}   {m.InServiceDays} dagar");
        foreach (var s in m.Parallels)
            sb.AppendLine($"  parallell  = {s.Program} {Dates.Format(s.From)}..{Dates.Format(s.To)}, avdrag {Decimals.Exact(s.Reduction, 2)} på {s.Days} dagar  −{Decimals.Fixed(s.Deduction, 2)}");
        sb.AppendLine($"  antal      = {Decimals.Fixed(m.DeliveredQuantity, 2)} dagar");
        sb.AppendLine($"  belopp     = round2({Decimals.Fixed(m.DeliveredQuantity, 2)} × {p.DailyRate})".PadRight(60) + $"= {m.Amount}");
    }

    private static string Rate(IndexedAmount a) =>
        $"round2({Decimals.Exact(a.BaseAmount, 2)} × {a.Index.Value.ToString(Inv)}/{a.IndexBase.ToString(Inv)})";

    private static string Source(NodaTime.LocalDate version, IndexedAmount a) =>
        $"taxa {Dates.Format(version)}, index {Dates.Format(a.Index.From)}";
}
