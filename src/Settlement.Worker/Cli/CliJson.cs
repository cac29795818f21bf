using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using Settlement.Engine.Primitives;

namespace Settlement.Worker.Cli;

/// <summary>
/// The one shape of every `--json` output: camelCase keys, dates as "YYYY-MM-DD", money and
/// quantities as strings with exactly two decimals (as cli.md's reconcile and compensation.md
/// ask), so a script reads every command the same way whatever record it prints.
/// </summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new LocalDateConverter(), new TwoDecimalsConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Two decimals, invariant: "1021.85", "16.50".</summary>
    public static string TwoDecimals(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException("output only");

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) => writer.WriteStringValue(Dates.Format(value));
    }

    private sealed class TwoDecimalsConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException("output only");

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteStringValue(TwoDecimals(value));
    }
}
