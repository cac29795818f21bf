using System.Text.Json;
using NodaTime;
using Npgsql;
using Settlement.Worker.Database;
using Serilog;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Identifiers;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Events;

/// <summary>What became of one line.</summary>
internal sealed record LineOutcome(int Line, string? Type, string? Placement, string? Code, string? Message);

internal sealed record ImportReport(string File, int Accepted, int Refused, int AlreadyImported, IReadOnlyList<LineOutcome> Refusals);

/// <summary>
/// `settle events import`: every non-blank line becomes one row of the event log, accepted or
/// refused with its code, never dropped. A line whose canonical form was already in the log before
/// this import (the same file imported again, or the same event in another file) is recognised by
/// its content hash (looked up before any check) and changes nothing. A line repeating an earlier
/// line of the same file is checked like any other: the event used twice, refused and kept.
/// The whole file is one transaction holding the chain head, so the chain stays linear and a
/// crash leaves either the whole file or none of it; within it the file is streamed in chunks,
/// so memory does not grow with the file's lines (only with its placements' histories).
/// Checks: the import codes of cli.md here, then the rule book's codes by running the engine over
/// the placement's accepted events plus the new one.
/// </summary>
internal sealed class EventImporter
{
    private readonly EventLog log;
    private readonly StoredTariff tariff;
    private readonly string sourceFile;
    private readonly PlacementHistory history;
    private readonly ProjectionWriter projections;
    /// <summary>Content hash (its first 128 bits) → line, of the lines this import accepted.</summary>
    private readonly Dictionary<UInt128, int> acceptedInFile = [];

    private EventImporter(NpgsqlConnection conn, NpgsqlTransaction tx, EventLog log, StoredTariff tariff, string sourceFile)
    {
        this.log = log; this.tariff = tariff; this.sourceFile = sourceFile;
        history = new PlacementHistory(conn, tx);
        projections = new ProjectionWriter(conn, tx);
    }

    /// <summary>Lines read, checked and written at a time: memory holds one chunk's lines and rows, not the file's.</summary>
    internal const int ChunkLines = 10_000;

    public static ImportReport Import(NpgsqlDataSource ds, string file, IProgress<(int Done, int Total)>? progress = null) =>
        Import(ds, file, progress, ChunkLines);

    /// <summary>
    /// Streams the file in chunks of <paramref name="chunkLines"/> lines, each canonicalised, looked
    /// up, checked, appended and written before the next is read, all in the one transaction. What
    /// carries over between chunks is what the checks need: the placements' history, and the lines
    /// accepted so far (a same-file repeat is no resend, see <see cref="EventLog.Existing"/>).
    /// </summary>
    internal static ImportReport Import(NpgsqlDataSource ds, string file, IProgress<(int Done, int Total)>? progress, int chunkLines)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkLines);
        using var reader = EventLineReader.Open(file);
        using var conn = ds.Connect();
        using var tx = conn.BeginTransaction();
        var tariff = TariffStore.Require(conn, tx);
        var importer = new EventImporter(conn, tx, EventLog.Lock(conn, tx), tariff, Path.GetFileName(file));
        int accepted = 0, refused = 0, already = 0;
        var refusals = new List<LineOutcome>();
        var lines = new List<EventLineText.Line>(chunkLines);
        while (reader.ReadChunk(lines, chunkLines))
        {
            var candidates = EventCandidate.Canonicalise(lines);
            lines.Clear();
            var known = importer.log.Existing(candidates.Select(c => c.ContentHash)); // one query per chunk, not per line
            var fresh = candidates.Where(c => !known.Contains(c.Hex)).ToList();
            importer.history.Preload(fresh.Select(c => c.Placement).OfType<string>(), fresh.Select(c => c.Provider).OfType<string>());
            foreach (var c in candidates)
            {
                progress?.Report((c.Line - 1, reader.Lines));
                if (known.Contains(c.Hex)) { already++; continue; }
                var outcome = importer.ImportLine(c);
                if (outcome.Code is null) accepted++;
                else { refused++; refusals.Add(outcome); }
            }
            importer.Flush();
            importer.history.ForgetUnknown();
        }
        importer.log.Close();
        tx.Commit();
        Log.Information("Imported {File}: accepted {Accepted}, refused {Refused}, already imported {Already}", file, accepted, refused, already);
        return new(file, accepted, refused, already, refusals);
    }

    /// <summary>Checks and appends one line that is not in the log yet.</summary>
    private LineOutcome ImportLine(EventCandidate c)
    {
        LogEntry entry;
        if (c.Problem is not null)
            entry = new LogEntry(sourceFile, c.Line, null, null, null, null, RuleCodes.EventInvalid, c.Problem, c.Canonical);
        else
        {
            using var doc = JsonDocument.Parse(c.Canonical);
            entry = Check(c.Line, doc.RootElement, c.Canonical);
        }
        // The rules refuse most events used twice with their own code (a placement or provider
        // SETTLE-EVENT-DUP, a report SETTLE-REPORT-DUP, an interruption SETTLE-INT-DUP, ...); one
        // no rule refuses (a parallel programme) must not be accepted twice either.
        if (entry.Accepted && acceptedInFile.TryGetValue(c.Key, out var first))
            entry = entry with { Code = RuleCodes.EventDup, Message = $"the same event as line {first}" };
        var seq = log.Append(entry);
        if (entry.Accepted)
        {
            acceptedInFile[c.Key] = c.Line;
            Project(entry, seq);
        }
        return new LineOutcome(entry.SourceLine, entry.Type, entry.PlacementId, entry.Code, entry.Message);
    }

    private LogEntry Check(int lineNo, JsonElement e, string canonical)
    {
        LogEntry Refuse(string? type, string? placement, string? provider, LocalDate? registeredOn, string code, string message) =>
            new(sourceFile, lineNo, type, placement, provider, registeredOn, code, message, canonical);

        if (e.ValueKind != JsonValueKind.Object)
            return Refuse(null, null, null, null, RuleCodes.EventInvalid, "an event line must be a JSON object");
        var type = Str(e, "type");
        var placement = Str(e, "placement");
        if (type is null) return Refuse(null, placement, null, null, RuleCodes.EventInvalid, "the event has no 'type'");
        if (!Dates.TryParse(Str(e, "registeredOn"), out var registeredOn))
            return Refuse(type, placement, null, null, RuleCodes.EventInvalid, "'registeredOn' is missing or not a date (YYYY-MM-DD)");
        if (EventLineText.DateOutOfRange(e) is { } outside)
            return Refuse(type, placement, null, null, RuleCodes.EventInvalid,
                $"{outside} is outside the dates the service accepts ({Dates.Format(EventLineText.MinDate)}…{Dates.Format(EventLineText.MaxDate)})");

        var verdict = type switch
        {
            "provider" => CheckProvider(e),
            "placement" => CheckPlacement(e, placement),
            "periodicReport" => CheckReport(e, placement, registeredOn),
            _ => CheckEngineEvent(e, type, placement),
        };
        var provider = type == "provider" ? Str(e, "orgNumber") : type == "placement" ? Str(e, "provider") : null;
        return new LogEntry(sourceFile, lineNo, type, placement, provider, registeredOn, verdict.Code, verdict.Message, canonical);
    }

    private readonly record struct Verdict(string? Code, string? Message)
    {
        public static readonly Verdict Ok = new(null, null);
        public static Verdict No(string code, string message) => new(code, message);
    }

    private Verdict CheckProvider(JsonElement e) =>
        ProviderCheck.Refusal(e, history) is { } no ? Verdict.No(no.Code, no.Message) : Verdict.Ok;

    private Verdict CheckPlacement(JsonElement e, string? placement)
    {
        var missing = Missing(e, "placement", "provider", "level", "start");
        if (missing is not null) return Verdict.No(RuleCodes.EventInvalid, missing);
        if (!PlacementId.TryParse(placement, out _)) return Verdict.No(RuleCodes.EventInvalid, $"'placement' {placement} is not a placement id");
        if (!Levels.TryParse(Str(e, "level"), out _)) return Verdict.No(RuleCodes.EventInvalid, $"'level' {Str(e, "level")} is not A, B or C");
        if (!Dates.TryParse(Str(e, "start"), out _)) return Verdict.No(RuleCodes.EventInvalid, $"'start' {Str(e, "start")} is not a date (YYYY-MM-DD)");
        var provider = Str(e, "provider")!;
        if (!history.ProviderExists(provider)) return Verdict.No(RuleCodes.EventUnknownRef, $"unknown provider {provider}");
        if (history.Placement(placement!) is not null) return Verdict.No(RuleCodes.EventDup, $"placement {placement} is already registered");
        return Verdict.Ok;
    }

    private Verdict CheckReport(JsonElement e, string? placement, LocalDate registeredOn)
    {
        var missing = Missing(e, "placement", "month");
        if (missing is not null) return Verdict.No(RuleCodes.EventInvalid, missing);
        if (!Dates.TryParseMonth(Str(e, "month"), out var month))
            return Verdict.No(RuleCodes.EventInvalid, $"'month' {Str(e, "month")} is not a month (YYYY-MM)");
        if (history.Placement(placement!) is not { } p) return Verdict.No(RuleCodes.EventUnknownRef, $"unknown placement {placement}");
        PlacementResult result;
        try { result = Calculator.Calculate(tariff.Tariff, history.Input(p, registeredOn)); }
        catch (Engine.Tariffs.TariffGapException ex)
        {
            return Verdict.No(RuleCodes.EventInvalid, $"the tariff in force cannot price placement {placement}: {ex.Message}");
        }
        if (!result.Periods.SelectMany(x => x.Months).Any(m => m.Month == month))
            return Verdict.No(RuleCodes.EventUnknownRef, $"{Dates.Format(month)} is not a month of a period of placement {placement}");
        var monthEnd = month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month));
        var cutShort = result.Interruption is { } i && i.Date <= monthEnd && i.Date <= registeredOn;
        if (registeredOn <= monthEnd && !cutShort)
            return Verdict.No(RuleCodes.ReportEarly,
                $"{Dates.Format(month)} has not ended on {Dates.Format(registeredOn)} and no interruption has cut it short");
        if (history.Reported(placement!, month))
            return Verdict.No(RuleCodes.ReportDup, $"{Dates.Format(month)} of placement {placement} is already reported");
        return Verdict.Ok;
    }

    private Verdict CheckEngineEvent(JsonElement e, string type, string? placement)
    {
        if (!EventJson.EngineTypes.Contains(type))
            return Verdict.No(RuleCodes.EventUnknown, $"'{type}' is not an event type");
        if (placement is null) return Verdict.No(RuleCodes.EventInvalid, $"{type}: 'placement' is missing");
        if (history.Placement(placement) is not { } p) return Verdict.No(RuleCodes.EventUnknownRef, $"unknown placement {placement}");
        var ev = EventJson.Read(e);
        if (ev is InvalidEvent invalid) return Verdict.No(RuleCodes.EventInvalid, invalid.Problem);
        var input = history.Input(p, null);
        var events = input.Events.Append(ev).ToList();
        try
        {
            var result = Calculator.Calculate(tariff.Tariff, input with { Events = events });
            if (result.Rejected.FirstOrDefault(r => r.Event == events.Count - 1) is { } refusal)
                return Verdict.No(refusal.Code, refusal.Message);
            if (Displaced(input, result) is { } displaced)
                return displaced;
        }
        catch (Engine.Tariffs.TariffGapException ex)
        {
            return Verdict.No(RuleCodes.EventInvalid, $"the tariff in force cannot price this event: {ex.Message}");
        }
        return Verdict.Ok;
    }

    /// <summary>
    /// Accepted events stay accepted. The engine applies events in order of registration, so an
    /// event registered before ones already accepted is applied before them, and could turn one of
    /// them into a refusal: a back-dated interruption would make the accepted one a duplicate
    /// (changing the date and reason every issued order was computed from), or an extension
    /// "interrupted". Such an event is refused with the code the accepted one would have got.
    /// </summary>
    private Verdict? Displaced(PlacementInput accepted, PlacementResult with)
    {
        var last = accepted.Events.Count;
        if (!with.Rejected.Any(r => r.Event < last)) return null;
        var before = Calculator.Calculate(tariff.Tariff, accepted).Rejected.Select(r => r.Event).ToHashSet();
        if (with.Rejected.FirstOrDefault(r => r.Event < last && !before.Contains(r.Event)) is not { } turned) return null;
        var old = accepted.Events[turned.Event];
        return Verdict.No(turned.Code, $"registered before an accepted {old.Type} (registered {Dates.Format(old.RegisteredOn)}), which it would turn into " +
            $"{turned.Code} ({turned.Message}); accepted events stay accepted");
    }

    /// <summary>Keeps the projections (providers, placements) and the in-memory history in step with the log.</summary>
    private void Project(LogEntry entry, long seq)
    {
        using var doc = JsonDocument.Parse(entry.Canonical);
        var e = doc.RootElement;
        switch (entry.Type)
        {
            case "provider":
                var ids = ProviderCheck.Ids(e);
                projections.AddProvider(e, ids, entry.RegisteredOn!.Value, seq);
                history.AddProvider(Str(e, "orgNumber")!, ids.Select(i => i.Id));
                break;
            case "placement":
                var row = new PlacementRow(entry.PlacementId!, Str(e, "provider")!, Str(e, "level")!, ParseDate(Str(e, "start")), entry.RegisteredOn!.Value);
                projections.AddPlacement(row, seq);
                history.AddPlacement(row);
                break;
            case "periodicReport":
                Dates.TryParseMonth(Str(e, "month"), out var month);
                history.AddReport(entry.PlacementId!, month);
                break;
            default:
                history.AddEvent(entry.PlacementId!, EventJson.Read(e));
                break;
        }
    }

    /// <summary>Writes the appended log rows, then the projections they created (which refer to them), in bulk.</summary>
    private void Flush()
    {
        log.Flush();
        projections.Write();
    }

    private static LocalDate ParseDate(string? s) => Dates.TryParse(s, out var d) ? d : throw new InvalidOperationException($"not a date: {s}");

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString() : null;

    private static string? Missing(JsonElement e, params string[] names)
    {
        var missing = names.Where(n => Str(e, n) is null).ToList();
        return missing.Count == 0 ? null : $"{Str(e, "type")}: {string.Join(", ", missing.Select(m => $"'{m}'"))} missing or not a non-empty string";
    }
}
