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
/// arithmetic can be pasted into a calculator. The explanation is built as blocks
/// (<see cref="Blocks"/>) so a reader that needs one figure's derivation selects it by what it is
/// about; <see cref="Explain"/> is the same blocks as text.
/// </summary>
public static class Explainer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The indent of a block's lines under its title.</summary>
    private const string Indent = "  ";

    /// <summary>
    /// Where the result of an arithmetic line starts (column 60 of the printed line, indent
    /// included), so the "= result" column lines up as in the rule book's example.
    /// </summary>
    private const int ResultColumn = 60 - 2;

    /// <summary>The whole explanation as the auditor reads it (`settle calc`, `settle explain`, the portal, an order's stored derivation).</summary>
    public static string Explain(PlacementResult r) => Render(Blocks(r));

    /// <summary>Blocks as text: each title line, then its lines indented; one line per text line.</summary>
    public static string Render(IEnumerable<ExplanationBlock> blocks)
    {
        var sb = new StringBuilder();
        foreach (var b in blocks)
        {
            sb.AppendLine(b.Title);
            foreach (var line in b.Lines) sb.Append(Indent).AppendLine(line);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The explanation of a placement in print order: the placement; per period its daily rate and
    /// months; the interruption; the speed bonus; the result stages; the supplements; the refused events.
    /// </summary>
    public static IReadOnlyList<ExplanationBlock> Blocks(PlacementResult r)
    {
        var id = r.Id.Value;
        var blocks = new List<ExplanationBlock>
        {
            new(ExplanationKind.Placement, $"{id} · nivå {r.Level} · start {Dates.Format(r.Start)} · leverantör {r.Provider}", []),
        };
        foreach (var p in r.Periods)
        {
            blocks.Add(new(ExplanationKind.DailyRate, $"{id} · period {p.Number} · {Dates.Format(p.Start)}..{Dates.Format(p.End)} · dagersättning",
                [$"dagersättning = {Rate(p.Rate)} = {p.DailyRate}   ({Source(p.TariffVersion, p.Rate)})"]) { Period = p.Number });
            foreach (var m in p.Months)
                blocks.Add(Month(r, p, m));
        }
        if (r.Interruption is { } i)
            blocks.Add(new(ExplanationKind.Interruption,
                $"{id} · avbrott {Dates.Format(i.Date)} {i.Reason} ({InterruptionReasons.Describe(i.Reason)}), registrerat {Dates.Format(i.RegisteredOn)}"
                + (InterruptionReasons.QualifiesForResult(i.Reason) ? " · ger rätt till resultatersättning" : " · ger inte rätt till resultatersättning eller snabbhetspremie"),
                []));
        if (r.SpeedBonus is { } s)
        {
            var cap = s.MaxDays is { } max && s.UncappedDays > max ? $", högst {max} dagar" : "";
            blocks.Add(new(ExplanationKind.SpeedBonus, $"{id} · period {s.PeriodNumber} · snabbhetspremie",
            [
                $"dagar      = {Dates.Format(s.From)}..{Dates.Format(s.To)}   {s.UncappedDays} dagar{cap} → {s.Days}   (taxa {Dates.Format(s.TariffVersion)})",
                Arithmetic($"belopp     = round2({s.Days} × {s.DailyRate})", $"= {s.Amount}"),
                $"intjänad   = {(s.EarnedOn is { } e ? Dates.Format(e) + " (steg 1 verifierat)" : "när steg 1 verifieras")}",
            ]) { Period = s.PeriodNumber });
        }
        foreach (var res in r.Results)
            blocks.Add(new(ExplanationKind.ResultStage, $"{id} · resultatersättning steg {res.Stage}",
            [
                $"totalt     = {Rate(res.Total)} = {res.Total.Amount}   ({Source(res.TariffVersion, res.Total)})",
                res.IsLast && res.Stage != r.Results[0].Stage
                    ? Arithmetic($"belopp     = {res.Total.Amount} − tidigare steg", $"= {res.Amount}   (sista steget tar resten)")
                    : Arithmetic($"belopp     = round2({res.Total.Amount} × {res.Share.ToString(Inv)})", $"= {res.Amount}"),
                $"tidigast   = {Dates.Format(res.EarliestOn)} ({res.AfterMonths} månader efter avbrottet)   verifierat {(res.VerifiedOn is { } v ? Dates.Format(v) : "ännu inte")}",
            ]) { Stage = res.Stage });
        foreach (var sup in r.Supplements)
            blocks.Add(new(ExplanationKind.Supplement, $"{id} · tilläggsersättning {sup.Id} (steg {sup.Stage})",
            [
                $"belopp     = {Rate(sup.Indexed)} = {sup.Amount}   ({Source(sup.TariffVersion, sup.Indexed)})",
                $"intjänad   = {(sup.EarnedOn is { } e ? Dates.Format(e) : $"när steg {sup.Stage} verifieras")}",
            ]) { Stage = sup.Stage, SupplementId = sup.Id });
        foreach (var x in r.Rejected)
            blocks.Add(new(ExplanationKind.RefusedEvent,
                $"{id} · avvisad händelse {x.Event} ({x.Source.Type}, registrerad {Dates.Format(x.Source.RegisteredOn)}): {x.Code} – {x.Message}", []));
        return blocks;
    }

    private static ExplanationBlock Month(PlacementResult r, PeriodResult p, MonthResult m)
    {
        var service = m.InServiceTo is { } to ? $"{Dates.Format(m.From)}..{Dates.Format(to)}" : "inga dagar";
        var cause = r.Interruption is { } i && i.Date <= m.To ? $" (avbrott {Dates.Format(i.Date)} {i.Reason})" : "";
        var lines = new List<string>(5 + m.Parallels.Count)
        {
            Arithmetic($"beställt   = round2({m.PlannedDays} × {p.DailyRate})", $"= {m.PlannedAmount}   ({Dates.Format(m.From)}..{Dates.Format(m.To)})"),
            $"i tjänst   = {service}{cause}   {m.InServiceDays} dagar",
        };
        foreach (var s in m.Parallels)
            lines.Add($"parallell  = {s.Program} {Dates.Format(s.From)}..{Dates.Format(s.To)}, avdrag {Decimals.Exact(s.Reduction, 2)} på {s.Days} dagar  −{Decimals.Fixed(s.Deduction, 2)}");
        lines.Add($"antal      = {Decimals.Fixed(m.DeliveredQuantity, 2)} dagar");
        lines.Add(Arithmetic($"belopp     = round2({Decimals.Fixed(m.DeliveredQuantity, 2)} × {p.DailyRate})", $"= {m.Amount}"));
        return new(ExplanationKind.Month, $"{r.Id.Value} · period {p.Number} · {Dates.Format(m.Month)} · grundersättning", lines)
        {
            Period = p.Number,
            Month = m.Month,
        };
    }

    /// <summary>An arithmetic line: the expression, padded so its result starts at <see cref="ResultColumn"/>.</summary>
    private static string Arithmetic(string expression, string result) => expression.PadRight(ResultColumn) + result;

    private static string Rate(IndexedAmount a) =>
        $"round2({Decimals.Exact(a.BaseAmount, 2)} × {a.Index.Value.ToString(Inv)}/{a.IndexBase.ToString(Inv)})";

    private static string Source(NodaTime.LocalDate version, IndexedAmount a) =>
        $"taxa {Dates.Format(version)}, index {Dates.Format(a.Index.From)}";
}
