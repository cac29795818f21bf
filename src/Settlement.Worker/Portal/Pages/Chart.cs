using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Worker.Portal.Data;
using Settlement.Worker.Portal.Html;

namespace Settlement.Worker.Portal.Pages;

/// <summary>A small server-drawn SVG bar chart of the months: ordered, delivered (and invoiced, paid when known).</summary>
internal static class Chart
{
    public static Markup Months(IReadOnlyList<ReconciliationRow> rows)
    {
        var months = rows.GroupBy(r => r.Month).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Month: g.Key, Ordered: g.Sum(r => r.Ordered), Delivered: g.Sum(r => r.Delivered),
                          Invoiced: g.Any(r => r.Invoiced is not null) ? g.Sum(r => r.Invoiced ?? 0) : (decimal?)null,
                          Paid: g.Any(r => r.Paid is not null) ? g.Sum(r => r.Paid ?? 0) : (decimal?)null))
            .TakeLast(24).ToList();
        if (months.Count == 0) return Markup.Empty;
        var series = new List<(string Name, string Color, Func<int, decimal?> Value)>
        {
            ("Beställt", "#9fc5de", i => months[i].Ordered),
            ("Levererat", "#1f7a3a", i => months[i].Delivered),
        };
        if (months.Any(m => m.Invoiced is not null)) series.Add(("Fakturerat", "#0b5e8e", i => months[i].Invoiced));
        if (months.Any(m => m.Paid is not null)) series.Add(("Betalt", "#9a5b00", i => months[i].Paid));

        var max = months.Max(m => Math.Max(m.Ordered, m.Delivered));
        if (max <= 0) max = 1;
        const int height = 140, top = 10, bottom = 30, groupWidth = 44;
        var barWidth = (groupWidth - 8) / series.Count;
        var width = months.Count * groupWidth + 10;
        var bars = new List<Markup>();
        for (var i = 0; i < months.Count; i++)
        {
            var x0 = 8 + i * groupWidth;
            for (var s = 0; s < series.Count; s++)
            {
                var v = series[s].Value(i) ?? 0;
                var h = (double)(v / max) * height;
                var y = top + height - h;
                bars.Add(H.Html($"""<rect x="{x0 + s * barWidth}" y="{y.ToString("0.#", CultureInfo.InvariantCulture)}" width="{barWidth - 1}" height="{h.ToString("0.#", CultureInfo.InvariantCulture)}" fill="{series[s].Color}"><title>{series[s].Name} {Fmt.Month(months[i].Month)}: {Fmt.Amount(v)} kr</title></rect>"""));
            }
            bars.Add(H.Html($"""<text x="{x0 + (groupWidth - 8) / 2}" y="{top + height + 16}" text-anchor="middle" font-size="10" fill="#5b6770">{Fmt.ShortMonth(months[i].Month)}</text>"""));
        }
        return H.Html($"""
            <figure class="chart card">
              <svg viewBox="0 0 {width} {top + height + bottom}" width="{width}" height="{top + height + bottom}" role="img" aria-label="Belopp per månad">
                <line x1="4" y1="{top + height}" x2="{width}" y2="{top + height}" stroke="#d6dde2"/>
                {bars}
              </svg>
              <figcaption class="legend">{series.Select(s => H.Html($"""<span><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="{s.Color}"/></svg> {s.Name}</span>"""))} <span>Högsta stapel {Fmt.Amount(max)} kr</span></figcaption>
            </figure>
            """);
    }
}
