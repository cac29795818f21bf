using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Worker.Orders;
using static Settlement.Worker.Replay.Replayer;

namespace Settlement.Worker.Replay;

/// <summary>
/// An order: the engine's result from the placement's accepted events registered on or before the
/// issue date, with the tariff the order names (tariff_sha256), must make the order's key due on
/// that date (<see cref="DueOrders"/>) with the same kind, lines (article, month, unit, delivery
/// period, quantity, price, amount), total, and the VAT of the tariff version in force when it was
/// earned; the placement must have been registered by then and belong to the order's provider.
/// Records each line's recomputed price for <see cref="InvoiceCheck"/>.
/// </summary>
internal static class OrderCheck
{
    public static void Check(PlacementReplay replay, StoredOrder o)
    {
        var p = replay.Book.Logged!;
        var what = Describe(o);
        replay.Count(o.Lines.Count + 1);
        if (o.ProviderOrg != p.Provider)
            replay.Diff($"{what} provider", o.ProviderOrg, p.Provider, $"the placement event seq {p.Seq} names provider {p.Provider}");
        if (p.RegisteredOn > o.IssueDate)
            replay.Diff($"{what} issue date", Dates.Format(o.IssueDate), $"not before {Dates.Format(p.RegisteredOn)}",
                $"the placement was registered {Dates.Format(p.RegisteredOn)} (event seq {p.Seq}); no order can be issued before");
        var c = replay.Compute(replay.Tariff(o.TariffSha256), o.TariffSha256, o.IssueDate);
        if (c.Result is null)
        {
            replay.Diff($"{what} total", Money2(o.Total), "cannot be recomputed", c.Derivation());
            return;
        }
        var due = DueOrders.On(o.IssueDate, c.Result).FirstOrDefault(d => d.Key == o.OrderKey);
        if (due is null)
        {
            replay.Diff($"{what} key {o.OrderKey}", Money2(o.Total), "not due on " + Dates.Format(o.IssueDate), c.Derivation());
            return;
        }
        string Derive(YearMonth? m = null) => c.Derivation(DerivationBlocks.OfOrder(due, m));
        if (due.Kind != o.Kind || due.Period != o.PeriodNumber || due.SupplementId != o.SupplementId || (due.Kind != "base" && due.Stage != o.Stage))
            replay.Diff($"{what} kind", $"{o.Kind} period {o.PeriodNumber} stage {o.Stage} {o.SupplementId}", $"{due.Kind} period {due.Period} stage {due.Stage} {due.SupplementId}", Derive());
        if (o.Total != due.Total)
            replay.Diff($"{what} total", Money2(o.Total), Money2(due.Total), Derive());
        var vat = replay.Tariff(o.TariffSha256)?.Tariff is { } t ? t.VersionAt(due.EarnedOn)?.Vat : null;
        if (vat is not null && (vat.Category != o.VatCategory || vat.Percent != o.VatPercent))
            replay.Diff($"{what} VAT", $"{o.VatCategory} {Money2(o.VatPercent)} %", $"{vat.Category} {Money2(vat.Percent)} %", $"the tariff version in force on {Dates.Format(due.EarnedOn)}");

        var stored = o.Lines.ToDictionary(l => l.LineNo);
        foreach (var expected in due.Lines)
        {
            YearMonth? month = expected.Month is { } text && Dates.TryParseMonth(text, out var ym) ? ym : null;
            var lineWhat = $"order {o.Number} line {expected.LineNo}{(expected.Month is { } mm ? $" ({mm})" : "")}";
            replay.RecomputedPrices[(o.Number, expected.LineNo)] = expected.Price;
            if (!stored.Remove(expected.LineNo, out var l))
            {
                replay.Diff($"{lineWhat}", "(missing)", $"{Money2(expected.Quantity)} × {Money2(expected.Price)} = {Money2(expected.Amount)}", Derive(month));
                continue;
            }
            if (l.Quantity != expected.Quantity) replay.Diff($"{lineWhat} quantity", Money2(l.Quantity), Money2(expected.Quantity), Derive(month));
            if (l.Price != expected.Price) replay.Diff($"{lineWhat} price", Money2(l.Price), Money2(expected.Price), Derive(month));
            if (l.Amount != expected.Amount) replay.Diff($"{lineWhat} amount", Money2(l.Amount), Money2(expected.Amount), Derive(month));
            var describedStored = $"{l.Article} {l.Month} {l.UnitCode} {Fmt(l.PeriodFrom)}..{Fmt(l.PeriodTo)}";
            var describedExpected = $"{expected.Article} {expected.Month} {expected.UnitCode} {Dates.Format(expected.From)}..{Dates.Format(expected.To)}";
            if (describedStored != describedExpected) replay.Diff($"{lineWhat} article and period", describedStored, describedExpected, Derive(month));
        }
        foreach (var extra in stored.Values)
            replay.Diff($"order {o.Number} line {extra.LineNo}", $"{Money2(extra.Quantity)} × {Money2(extra.Price)} = {Money2(extra.Amount)}", "(no such line)", Derive());
    }

    /// <summary>How a difference names the order: its number and what it pays ("order IN240311-1 (base period 1)").</summary>
    private static string Describe(StoredOrder o) =>
        $"order {o.Number} ({o.Kind}{(o.PeriodNumber is { } n ? $" period {n}" : "")}{(o.Stage is { } s && o.Kind != "base" ? $" stage {s}" : "")}{(o.SupplementId is { } x ? $" {x}" : "")})";

    private static string Fmt(LocalDate? d) => d is { } x ? Dates.Format(x) : "-";
}
