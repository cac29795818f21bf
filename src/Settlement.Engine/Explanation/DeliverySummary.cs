using System.Globalization;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;

namespace Settlement.Engine.Explanation;

/// <summary>
/// One short Swedish phrase saying how a month's delivered quantity came about, for the texts a
/// provider reads in an invoice response: "2024-05-01–2024-05-19, avbrott 2024-05-20, praktik 5 dagar à 50 %".
/// </summary>
public static class DeliverySummary
{
    public static string Describe(MonthResult month, Interruption? interruption)
    {
        var parts = new List<string>
        {
            month.InServiceTo is { } to ? $"{Dates.Format(month.From)}–{Dates.Format(to)}" : "inga dagar i tjänst",
        };
        if (interruption is { } i && i.Date <= month.To)
            parts.Add($"avbrott {Dates.Format(i.Date)}");
        foreach (var s in month.Parallels)
            if (s.Reduction > 0)
                parts.Add($"{ProgrammeName(s.Program)} {s.Days} dagar à {(s.Reduction * 100m).ToString("0.##", CultureInfo.InvariantCulture)} %");
        return string.Join(", ", parts);
    }

    /// <summary>The programme as a Swedish reader knows it (the tariff keys are codes).</summary>
    public static string ProgrammeName(string program) => program switch
    {
        "PRAKTIK" => "praktik",
        "YKB" => "yrkeskompetensbevis",
        "VALIDERING" => "validering",
        "AUB_MODUL" => "AUB-modul",
        "KOMMUNAL" => "kommunal insats",
        "SFI" => "sfi",
        _ => program,
    };
}
