using System.Text.Json;
using NodaTime;
using Settlement.Engine.Primitives;

namespace Settlement.Engine.Tariffs;

/// <summary>The outcome of reading a tariff: the tariff, or every problem found with its JSON path.</summary>
public sealed record TariffReadResult(Tariff? Tariff, IReadOnlyList<InputError> Errors)
{
    public bool Success => Tariff is not null;
}

/// <summary>
/// Reads the tariff format of shared/spec/examples/sample-tariff.json (schema:
/// schemas/tariff.schema.json) and refuses a broken tariff with every problem named by its JSON
/// path: a missing level, a negative amount, stage shares that do not sum to 1, two versions with
/// the same date, an index series with no value for a date in use.
/// </summary>
public static class TariffReader
{
    public static TariffReadResult Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement, "$");
        }
        catch (JsonException ex)
        {
            return new(null, [new InputError($"line {ex.LineNumber + 1}", $"not valid JSON: {FirstSentence(ex.Message)}")]);
        }
    }

    public static TariffReadResult Read(JsonElement root, string path)
    {
        var errors = new List<InputError>();
        var f = new JsonFields(errors);
        if (root.ValueKind != JsonValueKind.Object)
            return new(null, [new InputError(path, "the tariff must be a JSON object")]);

        var name = f.String(root, path, "name", required: false) ?? "";
        var currency = f.String(root, path, "currency", required: false) ?? "SEK";
        if (currency != "SEK") f.Fail($"{path}.currency", $"'{currency}' is not supported: amounts are in SEK");

        var index = ReadIndex(f, root, path);
        var versions = new List<TariffVersion>();
        if (f.Array(root, path, "versions") is { } versionArray)
        {
            int i = 0;
            foreach (var v in versionArray.EnumerateArray())
            {
                var vpath = $"{path}.versions[{i++}]";
                if (ReadVersion(f, v, vpath) is { } version)
                {
                    if (versions.Any(other => other.From == version.From))
                        f.Fail($"{vpath}.from", $"two versions with the same date {Dates.Format(version.From)}");
                    else
                        versions.Add(version);
                }
            }
            if (i == 0) f.Fail($"{path}.versions", "at least one version is needed");
        }

        if (index is not null && versions.Count > 0)
        {
            // Every version's start date is a date in use: its figures are indexed from then on.
            foreach (var v in versions.OrderBy(v => v.From))
                if (index.EntryAt(v.From) is null)
                    f.Fail($"{path}.index.series", $"no index value in effect on {Dates.Format(v.From)}, when the version from {Dates.Format(v.From)} starts");
        }

        return errors.Count > 0 || index is null
            ? new(null, errors)
            : new(new Tariff(name, currency, index, versions), errors);
    }

    private static IndexSeries? ReadIndex(JsonFields f, JsonElement root, string path)
    {
        if (f.Object(root, path, "index") is not { } index) return null;
        var ipath = $"{path}.index";
        int before = f.Errors.Count;
        var name = f.String(index, ipath, "name", required: false) ?? "";
        var @base = f.Decimal(index, ipath, "base");
        if (@base <= 0) f.Fail($"{ipath}.base", "must be greater than zero");
        var entries = new List<IndexEntry>();
        if (f.Array(index, ipath, "series") is { } series)
        {
            int i = 0;
            foreach (var e in series.EnumerateArray())
            {
                var epath = $"{ipath}.series[{i++}]";
                var from = f.Date(e, epath, "from");
                var value = f.Decimal(e, epath, "value");
                if (value <= 0) { f.Fail($"{epath}.value", "must be greater than zero"); continue; }
                if (from is null || value is null) continue;
                if (entries.Any(x => x.From == from)) f.Fail($"{epath}.from", $"two index values from the same date {Dates.Format(from.Value)}");
                else entries.Add(new IndexEntry(from.Value, value.Value));
            }
            if (i == 0) f.Fail($"{ipath}.series", "at least one index value is needed");
        }
        return f.Errors.Count > before ? null : new IndexSeries(name, @base!.Value, entries);
    }

    private static TariffVersion? ReadVersion(JsonFields f, JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Object) { f.Fail(path, "must be an object"); return null; }
        int before = f.Errors.Count;
        var from = f.Date(v, path, "from");
        var baseRate = ReadPerLevel(f, v, path, "baseDailyRate");
        var resultTotal = ReadPerLevel(f, v, path, "resultTotal");
        var stages = ReadStages(f, v, path);
        var speedBonus = ReadSpeedBonus(f, v, path);
        var reductions = ReadReductions(f, v, path);
        var exempt = ReadStrings(f, v, path, "parallelMaxMonthsExempt");
        var supplements = ReadSupplements(f, v, path);
        var vat = ReadVat(f, v, path);
        if (f.Errors.Count > before) return null;
        return new TariffVersion(from!.Value, baseRate!, resultTotal!, stages, speedBonus!, reductions, exempt, supplements, vat);
    }

    private static decimal[]? ReadPerLevel(JsonFields f, JsonElement v, string path, string name)
    {
        if (f.Object(v, path, name) is not { } obj) return null;
        var values = new decimal[Levels.All.Count];
        bool ok = true;
        foreach (var level in Levels.All)
        {
            var lpath = $"{path}.{name}.{level}";
            if (!obj.TryGetProperty(level.ToString(), out var e)) { f.Fail(lpath, $"missing level {level}"); ok = false; continue; }
            if (f.Amount(e, lpath) is { } amount) values[(int)level] = amount; else ok = false;
        }
        foreach (var p in obj.EnumerateObject())
            if (!Levels.TryParse(p.Name, out _)) { f.Fail($"{path}.{name}.{p.Name}", "unknown level (A, B or C)"); ok = false; }
        return ok ? values : null;
    }

    private static List<ResultStage> ReadStages(JsonFields f, JsonElement v, string path)
    {
        var stages = new List<ResultStage>();
        if (f.Array(v, path, "resultStages") is not { } array) return stages;
        int i = 0;
        foreach (var s in array.EnumerateArray())
        {
            var spath = $"{path}.resultStages[{i++}]";
            var stage = f.Integer(s, spath, "stage");
            var after = f.Integer(s, spath, "afterMonths");
            var share = f.Decimal(s, spath, "share");
            if (stage < 1) f.Fail($"{spath}.stage", "must be 1 or more");
            if (after < 0) f.Fail($"{spath}.afterMonths", "must not be negative");
            if (share is <= 0 or > 1) f.Fail($"{spath}.share", "must be more than 0 and at most 1");
            if (stage is null || after is null || share is null) continue;
            if (stages.Any(x => x.Stage == stage)) f.Fail($"{spath}.stage", $"stage {stage} is listed twice");
            else stages.Add(new ResultStage(stage.Value, after.Value, share.Value));
        }
        if (i == 0) f.Fail($"{path}.resultStages", "at least one stage is needed");
        else if (stages.Count == i && stages.Sum(s => s.Share) != 1m)
            f.Fail($"{path}.resultStages", $"stage shares sum to {stages.Sum(s => s.Share)}, not 1");
        return stages;
    }

    private static SpeedBonusRule? ReadSpeedBonus(JsonFields f, JsonElement v, string path)
    {
        if (f.Object(v, path, "speedBonus") is not { } sb) return null;
        var spath = $"{path}.speedBonus";
        var enabled = f.Boolean(sb, spath, "enabled");
        var maxDays = f.Integer(sb, spath, "maxDays", required: false);
        if (maxDays < 0) { f.Fail($"{spath}.maxDays", "must not be negative"); return null; }
        return enabled is null ? null : new SpeedBonusRule(enabled.Value, maxDays);
    }

    private static Dictionary<string, decimal> ReadReductions(JsonFields f, JsonElement v, string path)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (f.Object(v, path, "parallelReduction") is not { } obj) return result;
        foreach (var p in obj.EnumerateObject())
        {
            var ppath = $"{path}.parallelReduction.{p.Name}";
            if (f.Amount(p.Value, ppath) is not { } reduction) continue;
            if (reduction > 1) { f.Fail(ppath, "a reduction is a share from 0 to 1"); continue; }
            result[p.Name] = reduction;
        }
        return result;
    }

    private static List<string> ReadStrings(JsonFields f, JsonElement v, string path, string name)
    {
        var result = new List<string>();
        if (f.Array(v, path, name, required: false) is not { } array) return result;
        int i = 0;
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.String) result.Add(e.GetString()!);
            else f.Fail($"{path}.{name}[{i}]", "must be a string");
            i++;
        }
        return result;
    }

    private static List<Supplement> ReadSupplements(JsonFields f, JsonElement v, string path)
    {
        var result = new List<Supplement>();
        if (f.Array(v, path, "supplements", required: false) is not { } array) return result;
        int i = 0;
        foreach (var s in array.EnumerateArray())
        {
            var spath = $"{path}.supplements[{i++}]";
            var id = f.String(s, spath, "id");
            var levels = new List<Level>();
            foreach (var text in ReadStrings(f, s, spath, "levels"))
                if (Levels.TryParse(text, out var level)) levels.Add(level);
                else f.Fail($"{spath}.levels", $"unknown level '{text}'");
            var outcomes = ReadStrings(f, s, spath, "outcomes");
            foreach (var o in outcomes)
                if (!Events.InterruptionReasons.IsKnown(o)) f.Fail($"{spath}.outcomes", $"unknown interruption reason '{o}'");
            var stage = f.Integer(s, spath, "stage");
            decimal? amount = s.TryGetProperty("amount", out var a) ? f.Amount(a, $"{spath}.amount") : null;
            if (!s.TryGetProperty("amount", out _)) f.Fail($"{spath}.amount", "missing");
            if (id is null || stage is null || amount is null) continue;
            result.Add(new Supplement(id, levels, outcomes, stage.Value, amount.Value));
        }
        return result;
    }

    private static VatRule ReadVat(JsonFields f, JsonElement v, string path)
    {
        // Orders carry standard-rated VAT unless the tariff says otherwise.
        if (f.Object(v, path, "vat", required: false) is not { } vat) return new VatRule("S", 25m);
        var category = f.String(vat, $"{path}.vat", "category") ?? "S";
        var percent = vat.TryGetProperty("percent", out var p) ? f.Amount(p, $"{path}.vat.percent") ?? 25m : 25m;
        return new VatRule(category, percent);
    }

    internal static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
