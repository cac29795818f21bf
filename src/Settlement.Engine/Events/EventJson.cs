using System.Text.Json;
using NodaTime;
using Settlement.Engine.Primitives;

namespace Settlement.Engine.Events;

/// <summary>
/// Reads one placement event from its JSON form (the scenario's `events` and the lines of
/// `settle events import`). Never throws for content: an unknown type becomes an
/// <see cref="UnknownEvent"/>, a known type with a missing or unreadable field an
/// <see cref="InvalidEvent"/>, so the rules refuse it with a code and nothing is dropped.
/// </summary>
public static class EventJson
{
    public static readonly IReadOnlyCollection<string> EngineTypes =
        ["interruption", "parallel", "extension", "resultVerified", "levelChange"];

    public static PlacementEvent Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
            return new InvalidEvent(LocalDate.MinIsoValue, "?", "an event must be a JSON object");
        var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        if (type is null)
            return new InvalidEvent(LocalDate.MinIsoValue, "?", "the event has no 'type'");

        var problems = new List<string>();
        var registeredOn = Date(e, "registeredOn", problems) ?? LocalDate.MinIsoValue;
        // SETTLE-EVENT-UNKNOWN is "always" for a type outside the rule book: its fields are not
        // the rule book's business, so an unreadable registeredOn does not make it INVALID.
        if (!EngineTypes.Contains(type))
            return new UnknownEvent(registeredOn, type);
        PlacementEvent result = type switch
        {
            "interruption" => Interruption(e, registeredOn, problems)!,
            "parallel" => Parallel(e, registeredOn, problems)!,
            "extension" => new Extension(registeredOn),
            "resultVerified" => Result(e, registeredOn, problems)!,
            // SETTLE-LVL-FIXED is "always": no rule reads `to`, so only a readable string is kept (for the explanation).
            _ => new LevelChange(registeredOn, e.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String ? to.GetString() : null),
        };
        return problems.Count > 0
            ? new InvalidEvent(registeredOn, type, $"{type}: {string.Join("; ", problems)}")
            : result;
    }

    private static Interruption? Interruption(JsonElement e, LocalDate registeredOn, List<string> problems)
    {
        var date = Date(e, "date", problems);
        var reason = Text(e, "reason", problems);
        if (reason is not null && !InterruptionReasons.IsKnown(reason))
        {
            problems.Add($"'reason' {reason} is not an interruption reason ({string.Join(", ", InterruptionReasons.All)})");
            return null;
        }
        return date is null || reason is null ? null : new Interruption(registeredOn, date.Value, reason);
    }

    private static ParallelProgramme? Parallel(JsonElement e, LocalDate registeredOn, List<string> problems)
    {
        var program = Text(e, "program", problems);
        var from = Date(e, "from", problems);
        var to = Date(e, "to", problems);
        return program is null || from is null || to is null ? null : new ParallelProgramme(registeredOn, program, from.Value, to.Value);
    }

    private static ResultVerified? Result(JsonElement e, LocalDate registeredOn, List<string> problems)
    {
        int? stage = null;
        if (!e.TryGetProperty("stage", out var s) || s.ValueKind == JsonValueKind.Null) problems.Add("'stage' is missing");
        else if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var n)) problems.Add("'stage' must be a whole number");
        else stage = n;
        var verifiedOn = Date(e, "verifiedOn", problems);
        return stage is null || verifiedOn is null ? null : new ResultVerified(registeredOn, stage.Value, verifiedOn.Value);
    }

    private static string? Text(JsonElement e, string name, List<string> problems)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            problems.Add($"'{name}' is missing");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            problems.Add($"'{name}' must be a non-empty string");
            return null;
        }
        return v.GetString();
    }

    private static LocalDate? Date(JsonElement e, string name, List<string> problems)
    {
        var text = Text(e, name, problems);
        if (text is null) return null;
        if (Dates.TryParse(text, out var date)) return date;
        problems.Add($"'{name}' {text} is not a date (YYYY-MM-DD)");
        return null;
    }
}
