using System.Text;
using System.Text.Json;
using Settlement.Engine.Calculation;
using Settlement.Engine.Primitives;

namespace Settlement.Engine.Scenarios;

/// <summary>
/// Writes results in the `settle calc` contract (compensation.md): exactly the listed fields, money
/// and quantities as strings with two decimals, days and stages as numbers, dates as ISO strings.
/// </summary>
public static class ResultJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<PlacementResult> results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteStartArray("placements");
            foreach (var r in results) WritePlacement(w, r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePlacement(Utf8JsonWriter w, PlacementResult r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id.Value);
        w.WriteString("level", r.Level.ToString());
        w.WriteStartArray("periods");
        foreach (var p in r.Periods)
        {
            w.WriteStartObject();
            w.WriteNumber("number", p.Number);
            w.WriteString("start", Dates.Format(p.Start));
            w.WriteString("end", Dates.Format(p.End));
            w.WriteString("tariffVersion", Dates.Format(p.TariffVersion));
            w.WriteString("indexFactor", Decimals.Fixed(p.Rate.Factor, 6));
            w.WriteString("dailyRate", p.DailyRate.ToString());
            w.WriteStartArray("months");
            foreach (var m in p.Months)
            {
                w.WriteStartObject();
                w.WriteString("month", Dates.Format(m.Month));
                w.WriteString("from", Dates.Format(m.From));
                w.WriteString("to", Dates.Format(m.To));
                w.WriteNumber("plannedDays", m.PlannedDays);
                w.WriteString("plannedAmount", m.PlannedAmount.ToString());
                w.WriteString("deliveredQuantity", Decimals.Fixed(m.DeliveredQuantity, 2));
                w.WriteString("amount", m.Amount.ToString());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (r.Interruption is { } i)
        {
            w.WriteStartObject("interruption");
            w.WriteString("date", Dates.Format(i.Date));
            w.WriteString("reason", i.Reason);
            w.WriteEndObject();
        }
        else w.WriteNull("interruption");

        if (r.SpeedBonus is { } sb)
        {
            w.WriteStartObject("speedBonus");
            w.WriteNumber("days", sb.Days);
            w.WriteString("dailyRate", sb.DailyRate.ToString());
            w.WriteString("amount", sb.Amount.ToString());
            WriteDate(w, "earnedOn", sb.EarnedOn);
            w.WriteEndObject();
        }
        else w.WriteNull("speedBonus");

        w.WriteStartArray("results");
        foreach (var s in r.Results)
        {
            w.WriteStartObject();
            w.WriteNumber("stage", s.Stage);
            w.WriteString("earliestOn", Dates.Format(s.EarliestOn));
            WriteDate(w, "verifiedOn", s.VerifiedOn);
            w.WriteString("amount", s.Amount.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("supplements");
        foreach (var s in r.Supplements)
        {
            w.WriteStartObject();
            w.WriteString("id", s.Id);
            w.WriteNumber("stage", s.Stage);
            w.WriteString("amount", s.Amount.ToString());
            WriteDate(w, "earnedOn", s.EarnedOn);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("rejected");
        foreach (var x in r.Rejected)
        {
            w.WriteStartObject();
            w.WriteNumber("event", x.Event);
            w.WriteString("code", x.Code);
            w.WriteString("message", x.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter w, string name, NodaTime.LocalDate? date)
    {
        if (date is { } d) w.WriteString(name, Dates.Format(d));
        else w.WriteNull(name);
    }
}
