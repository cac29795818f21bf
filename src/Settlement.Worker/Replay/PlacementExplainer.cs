using System.Text;
using Dapper;
using Npgsql;
using Settlement.Engine.Calculation;
using Settlement.Engine.Explanation;
using Settlement.Engine.Primitives;
using Settlement.Worker.Database;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Replay;

/// <summary>
/// `settle explain PLACEMENT`: the derivation of every figure of a placement in Swedish
/// (compensation.md): the engine's account of the placement as the log stands (every accepted
/// event, the tariff in force), the events refused at import with their codes, then each stored
/// figure (orders, deliveries, invoices) with the date and events it was computed from, and the
/// replay's verdict on them. Usable by the CLI and the portal alike.
/// </summary>
internal static class PlacementExplainer
{
    public static PlacementExplanation Explain(NpgsqlDataSource ds, string placement)
    {
        // Throws SettleException for an unknown placement. The chain check covers this placement's rows.
        var replay = Replayer.Run(ds, placement, fullChain: false);
        using var conn = ds.Connect();
        var data = ReplayData.Load(ds, placement);
        var book = data.Books[placement];
        var current = TariffStore.Require(conn);
        var refused = conn.Query<RefusedLogEvent>("""
            select seq, source_file as SourceFile, source_line as SourceLine, type, to_char(registered_on, 'YYYY-MM-DD') as RegisteredOn, code, message
            from event_log where placement_id = @placement and status = 'refused' order by seq
            """, new { placement }).ToList();

        var sb = new StringBuilder();
        var p = book.Logged!;
        var replayer = new PlacementReplay(book, data);
        var now = replayer.Compute(data.TariffsBySha.GetValueOrDefault(current.Sha256), current.Sha256, NodaTime.LocalDate.MaxIsoValue);
        sb.AppendLine($"{placement} · placering registrerad {Dates.Format(p.RegisteredOn)} (händelse seq {p.Seq}) · taxa {current.Sha256[..12]} (den senast inlästa)");
        sb.AppendLine($"{placement} · accepterade händelser i registreringsordning:");
        for (int i = 0; i < book.Events.Count; i++)
        {
            var e = book.Events[i];
            sb.AppendLine($"  [{i}] seq {e.Seq} · {e.Event.Type} · registrerad {Dates.Format(e.RegisteredOn)}{Detail(e.Event)}");
        }
        if (book.Events.Count == 0) sb.AppendLine("  (inga)");
        sb.AppendLine();
        sb.Append(now.Result is not null ? Explainer.Explain(now.Result) : $"{placement} · kan inte beräknas: {now.Problem}\n");

        sb.AppendLine();
        sb.AppendLine($"{placement} · avvisade händelser i händelseloggen:");
        foreach (var r in refused)
            sb.AppendLine($"  seq {r.Seq} ({r.SourceFile} rad {r.SourceLine}, {r.Type ?? "?"}, registrerad {r.RegisteredOn ?? "?"}): {r.Code} – {r.Message}");
        if (refused.Count == 0) sb.AppendLine("  (inga)");

        sb.AppendLine();
        sb.AppendLine($"{placement} · lagrade belopp (varje belopp beräknat per sitt datum):");
        foreach (var o in book.Orders)
        {
            var c = replayer.Compute(data.TariffsBySha.GetValueOrDefault(o.TariffSha256), o.TariffSha256, o.IssueDate);
            sb.AppendLine($"  order {o.Number} · {KindText(o)} · utfärdad {Dates.Format(o.IssueDate)} · totalt {Replayer.Money2(o.Total)} · {c.Header}");
            foreach (var l in o.Lines)
            {
                var unit = l.UnitCode == "DAY" ? "dagar" : "st";
                var line = $"    rad {l.LineNo}{(l.Month is { } m ? " " + m : "")}: beställt {Replayer.Money2(l.Quantity)} {unit} × {Replayer.Money2(l.Price)} = {Replayer.Money2(l.Amount)}";
                if (book.Deliveries.GetValueOrDefault((o.Number, l.LineNo)) is { } d)
                {
                    var basis = d.ReportSeq is { } seq
                        ? $"periodisk redovisning seq {seq}, registrerad {Dates.Format(book.Reports.FirstOrDefault(r => r.Seq == seq)?.RegisteredOn ?? d.RegisteredOn)}"
                        : o.Kind == "base" ? "stängd när perioden slutat" : "levereras när den beställs";
                    line += $" · {(d.Status == "delivered" ? "levererat" : "ej levererat")} {Replayer.Money2(d.Quantity)} {unit}, {Replayer.Money2(d.Amount)} ({basis}; inleverans {Dates.Format(d.RegisteredOn)})";
                }
                else line += " · ingen leverans ännu";
                sb.AppendLine(line);
                // A delivery computed from fewer events than the log has now: its own derivation, as of its report.
                if (book.Deliveries.GetValueOrDefault((o.Number, l.LineNo)) is { ReportSeq: { } rs } rd && l.Month is { } monthText
                    && Dates.TryParseMonth(monthText, out var month) && book.Reports.FirstOrDefault(r => r.Seq == rs) is { } report
                    && data.TariffAt(rd.CreatedAt) is { } deliveryTariff)
                {
                    var asOf = replayer.Compute(deliveryTariff, deliveryTariff.Sha256, report.RegisteredOn);
                    var then = asOf.Result?.Periods.FirstOrDefault(x => x.Number == o.PeriodNumber)?.Months.FirstOrDefault(x => x.Month == month);
                    var nowMonth = now.Result?.Periods.FirstOrDefault(x => x.Number == o.PeriodNumber)?.Months.FirstOrDefault(x => x.Month == month);
                    if (then is not null && (nowMonth is null || nowMonth.DeliveredQuantity != then.DeliveredQuantity || nowMonth.Amount != then.Amount))
                        sb.AppendLine("      som det var känt då: " + asOf.Derivation(DerivationBlocks.Month(o.PeriodNumber, month))
                            .Replace("\n", "\n        "));
                }
                foreach (var inv in book.Invoices.Where(i => i.OrderNumber == o.Number && i.LineNo == l.LineNo))
                    sb.AppendLine($"      faktura {inv.InvoiceNumber}: {Replayer.Money2(inv.Quantity)} × {Replayer.Money2(inv.Price)} · {(inv.Status == "approved" ? "godkänd" : "bestriden")}{(inv.CreditDocumentId is not null ? ", krediterad" : "")}");
            }
        }
        if (book.Orders.Count == 0) sb.AppendLine("  (inga order)");

        sb.AppendLine();
        var own = replay.Differences;
        sb.AppendLine(own.Count == 0 && replay.Chain.Ok
            ? $"{placement} · omräkning: alla {replay.Figures} lagrade belopp stämmer med motorns omräkning; placeringens {replay.Chain.Events} rader i händelseloggen är oförändrade (hashkedjan)"
            : $"{placement} · omräkning: {own.Count} avvikelse(r){(replay.Chain.Ok ? "" : $"; händelseloggens kedja är bruten vid seq {replay.Chain.FirstBrokenSeq}: {replay.Chain.Problem}")}");
        foreach (var d in own)
            sb.AppendLine($"  AVVIKELSE {d.What}: lagrat {d.Stored}, omräknat {d.Recomputed}\n    {d.Derivation.Replace("\n", "\n    ")}");
        return new PlacementExplanation(placement, sb.ToString(), refused, replay);
    }

    private static string KindText(StoredOrder o) => o.Kind switch
    {
        "base" => $"grundersättning period {o.PeriodNumber}",
        "speed" => "snabbhetspremie",
        "result" => $"resultatersättning steg {o.Stage}",
        _ => $"tilläggsersättning {o.SupplementId}",
    };

    private static string Detail(Engine.Events.PlacementEvent e) => e switch
    {
        Engine.Events.Interruption i => $" · avbrott {Dates.Format(i.Date)} {i.Reason}",
        Engine.Events.ParallelProgramme p => $" · {p.Program} {Dates.Format(p.From)}..{Dates.Format(p.To)}",
        Engine.Events.ResultVerified r => $" · steg {r.Stage} verifierat {Dates.Format(r.VerifiedOn)}",
        Engine.Events.LevelChange l => $" · till nivå {l.To}",
        Engine.Events.InvalidEvent x => $" · {x.Problem}",
        _ => "",
    };
}
