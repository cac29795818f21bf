using System.Text.Json;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;

namespace Settlement.Engine.Scenarios;

/// <summary>A `settle calc` scenario: a tariff and placements with their events.</summary>
public sealed record Scenario(Tariff Tariff, IReadOnlyList<PlacementInput> Placements);

/// <summary>The outcome of reading a scenario: the scenario, or every problem with its JSON path.</summary>
public sealed record ScenarioReadResult(Scenario? Scenario, IReadOnlyList<InputError> Errors);

/// <summary>
/// Reads `{ "tariff": …, "placements": [ { id, provider, level, start, events } ] }`. A broken
/// tariff or placement makes the scenario invalid (nothing is computed from half a file); a bad
/// event is kept and refused by the rules (SETTLE-EVENT-INVALID / SETTLE-EVENT-UNKNOWN).
/// </summary>
public static class ScenarioReader
{
    public static ScenarioReadResult Read(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return new(null, [new InputError($"line {ex.LineNumber + 1}", $"not valid JSON: {TariffReader.FirstSentence(ex.Message)}")]);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new(null, [new InputError("$", "a scenario must be a JSON object with 'tariff' and 'placements'")]);
            var errors = new List<InputError>();
            Tariff? tariff = null;
            if (!root.TryGetProperty("tariff", out var t)) errors.Add(new InputError("$.tariff", "missing"));
            else
            {
                var read = TariffReader.Read(t, "$.tariff");
                errors.AddRange(read.Errors);
                tariff = read.Tariff;
            }
            var placements = new List<PlacementInput>();
            var f = new JsonFields(errors);
            if (f.Array(root, "$", "placements") is { } array)
            {
                int i = 0;
                foreach (var p in array.EnumerateArray())
                {
                    var path = $"$.placements[{i++}]";
                    if (ReadPlacement(f, p, path) is { } placement)
                    {
                        if (placements.Any(x => x.Id == placement.Id)) f.Fail($"{path}.id", $"placement {placement.Id} is listed twice");
                        else placements.Add(placement);
                    }
                }
            }
            return errors.Count > 0 ? new(null, errors) : new(new Scenario(tariff!, placements), errors);
        }
    }

    private static PlacementInput? ReadPlacement(JsonFields f, JsonElement p, string path)
    {
        if (p.ValueKind != JsonValueKind.Object) { f.Fail(path, "must be an object"); return null; }
        int before = f.Errors.Count;
        var idText = f.String(p, path, "id");
        PlacementId id = default;
        if (idText is not null && !PlacementId.TryParse(idText, out id)) f.Fail($"{path}.id", $"'{idText}' is not a placement id");
        var provider = f.String(p, path, "provider", required: false) ?? "";
        var levelText = f.String(p, path, "level");
        Level level = default;
        if (levelText is not null && !Levels.TryParse(levelText, out level)) f.Fail($"{path}.level", $"'{levelText}' is not a level (A, B or C)");
        var start = f.Date(p, path, "start");
        var events = new List<PlacementEvent>();
        if (f.Array(p, path, "events", required: false) is { } array)
            foreach (var e in array.EnumerateArray())
                events.Add(EventJson.Read(e));
        return f.Errors.Count > before ? null : new PlacementInput(id, provider, level, start!.Value, events);
    }
}
