using System.Text.Json;
using NodaTime;
using Settlement.Engine.Primitives;

namespace Settlement.Engine.Tariffs;

/// <summary>A problem in an input file: the JSON path it is at and what is wrong there.</summary>
public sealed record InputError(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}

/// <summary>
/// Reads typed fields out of a JSON element, collecting one <see cref="InputError"/> per problem
/// (with its JSON path) instead of stopping at the first, so a user fixes a file in one pass.
/// </summary>
internal sealed class JsonFields(List<InputError> errors)
{
    public List<InputError> Errors { get; } = errors;

    public void Fail(string path, string problem) => Errors.Add(new InputError(path, problem));

    public JsonElement? Object(JsonElement parent, string path, string name, bool required = true)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            if (required) Fail($"{path}.{name}", "missing");
            return null;
        }
        if (e.ValueKind != JsonValueKind.Object) { Fail($"{path}.{name}", "must be an object"); return null; }
        return e;
    }

    public JsonElement? Array(JsonElement parent, string path, string name, bool required = true)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            if (required) Fail($"{path}.{name}", "missing");
            return null;
        }
        if (e.ValueKind != JsonValueKind.Array) { Fail($"{path}.{name}", "must be an array"); return null; }
        return e;
    }

    public string? String(JsonElement parent, string path, string name, bool required = true)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            if (required) Fail($"{path}.{name}", "missing");
            return null;
        }
        if (e.ValueKind != JsonValueKind.String) { Fail($"{path}.{name}", "must be a string"); return null; }
        return e.GetString();
    }

    public LocalDate? Date(JsonElement parent, string path, string name, bool required = true)
    {
        var text = String(parent, path, name, required);
        if (text is null) return null;
        if (!Dates.TryParse(text, out var date)) { Fail($"{path}.{name}", $"'{text}' is not a date (YYYY-MM-DD)"); return null; }
        return date;
    }

    public decimal? Decimal(JsonElement parent, string path, string name, bool required = true) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null
            ? Decimal(e, $"{path}.{name}")
            : Missing<decimal>(path, name, required);

    public decimal? Decimal(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDecimal(out var value))
        {
            Fail(path, "must be a number");
            return null;
        }
        return value;
    }

    /// <summary>A non-negative amount: a negative one is refused, never clamped.</summary>
    public decimal? Amount(JsonElement e, string path)
    {
        var value = Decimal(e, path);
        if (value < 0) { Fail(path, $"negative amount {value}"); return null; }
        return value;
    }

    public int? Integer(JsonElement parent, string path, string name, bool required = true)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            return Missing<int>(path, name, required);
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var value))
        {
            Fail($"{path}.{name}", "must be a whole number");
            return null;
        }
        return value;
    }

    public bool? Boolean(JsonElement parent, string path, string name, bool required = true)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            return Missing<bool>(path, name, required);
        if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail($"{path}.{name}", "must be true or false");
            return null;
        }
        return e.GetBoolean();
    }

    private T? Missing<T>(string path, string name, bool required) where T : struct
    {
        if (required) Fail($"{path}.{name}", "missing");
        return null;
    }
}
