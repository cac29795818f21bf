using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Npgsql;
using Settlement.Worker.Portal.Html;
using Settlement.Worker.Replay;

namespace Settlement.Worker.Portal.Pages;

/// <summary>
/// Revision, for finance staff and auditors: the replay's status (the event log's hash chain and
/// head, how many placements and figures were recomputed, when) and every difference between a
/// stored figure and the engine's recomputation, each with its derivation. The report comes from
/// the <see cref="ReplayCache"/> (at most <see cref="PortalOptions.ReplayMaxAge"/> old), so a page
/// view does not start a full replay each time; "Kör om" (POST, anti-forgery) makes a fresh one.
/// Re-running changes no data, so auditors may do it too. The same as JSON at /api/replay.
/// </summary>
internal static partial class RevisionPages
{
    public const string Path = "/revision";
    /// <summary>At most this many differences are drawn in the page; /api/replay gives all.</summary>
    public const int DifferenceLimit = 1000;

    /// <summary>A max age that no report meets, even one made at this very instant (a fixed clock): always a fresh replay.</summary>
    public static readonly Duration Fresh = Duration.FromNanoseconds(-1);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Revision);
        app.MapPost(Path + "/kor-om", async (HttpContext ctx, ReplayCache cache) =>
        {
            await cache.GetAsync(Fresh, ctx.RequestAborted);
            return Results.Redirect(Path);
        }).RequireAntiforgery();
    }

    /// <summary>GET /api/replay[?ny=1]: <c>settle replay --json</c>'s object, plus <c>ranAt</c>, <c>elapsedSeconds</c> and <c>chain.head</c>.</summary>
    public static async Task<IResult> Api(HttpContext ctx, ReplayCache cache, PortalOptions options, string? ny)
    {
        var timed = await cache.GetAsync(ny is "1" or "true" ? Fresh : options.ReplayMaxAge, ctx.RequestAborted);
        var json = JsonNode.Parse(timed.Report.ToJson())!.AsObject();
        json["chain"]!["head"] = timed.Report.Chain.Head;
        json["ranAt"] = NodaTime.Text.InstantPattern.General.Format(timed.At);
        json["elapsedSeconds"] = Math.Round(timed.Report.Elapsed.TotalSeconds, 3);
        return Results.Text(json.ToJsonString(), "application/json; charset=utf-8");
    }

    /// <summary>The latest signed checkpoint and whether it was verified (a failed one is the chain's problem, shown above).</summary>
    private static Markup Checkpoint(ChainStatus chain) => chain.Checkpoints switch
    {
        null or { LatestSeq: null } => H.Html($"""<dd class="checkpoint" data-checkpoint="none">Ingen ännu: händelseloggens huvud signeras efter varje import (settle anchor checkpoint).</dd>"""),
        { } c => H.Html($"""<dd class="checkpoint" data-checkpoint="{(c.Verified ? (chain.Ok ? "verified" : "checked") : "unverified")}" data-seq="{c.LatestSeq}">Händelse nr {c.LatestSeq}, signerad {Fmt.Time(c.LatestSignedAt!.Value)} med nyckel <code>{c.KeyId}</code>; {(c.Verified ? "signaturen kontrollerad mot nyckeln" : "inte kontrollerad: ingen nyckel här")}{(c.EventsAfter > 0 ? $", {c.EventsAfter} senare händelser ännu osignerade" : "")}. {c.Stored} kontrollpunkter totalt.</dd>"""),
    };

    private static async Task<IResult> Revision(HttpContext ctx, ReplayCache cache, PortalOptions options)
    {
        var timed = await cache.GetAsync(options.ReplayMaxAge, ctx.RequestAborted);
        var r = timed.Report;
        var chain = r.Chain;
        var verdict = r.Ok
            ? H.Html($"""<p class="verdict ok" data-ok="true">{Layout.StatusBadge("approved", "Stämmer")} Hashkedjan är obruten och varje lagrat belopp stämmer med omräkningen.</p>""")
            : H.Html($"""<p class="verdict bad" data-ok="false">{Layout.StatusBadge("refused", "Avvikelse")} {(chain.Ok ? "" : "Händelseloggens hashkedja är bruten. ")}{(r.Differences.Count switch { 0 => "", 1 => "1 lagrat belopp stämmer inte med omräkningen.", var n => $"{n} lagrade belopp stämmer inte med omräkningen." })}</p>""");
        var chainText = chain.Ok
            ? H.Html($"""<dd class="chain" data-chain="ok">Obruten: {chain.Events} händelser, varje rads innehållshash, länk och kedjehash kontrollerade.</dd>""")
            : H.Html($"""<dd class="chain" data-chain="broken" data-seq="{chain.FirstBrokenSeq}">Bruten vid händelse nr {chain.FirstBrokenSeq}: {chain.Problem} ({chain.Events} händelser i loggen)</dd>""");
        var shown = r.Differences.Take(DifferenceLimit).ToList();
        var status = H.Html($"""
            <div class="card revision-status">
            {verdict}
            <dl class="facts">
              <dt>Hashkedjan</dt>{chainText}
              <dt>Kedjans huvud</dt><dd><code class="hash" data-head="{chain.Head}">{chain.Head ?? "–"}</code></dd>
              <dt>Signerad kontrollpunkt</dt>{Checkpoint(chain)}
              <dt>Omräknat</dt><dd data-placements="{r.Placements}" data-figures="{r.Figures}">{r.Placements} placeringar, {r.Figures} lagrade belopp</dd>
              <dt>Avvikelser</dt><dd data-differences="{r.Differences.Count}">{r.Differences.Count}</dd>
              <dt>Körd</dt><dd class="ran-at">{Fmt.Time(timed.At)} (tog {r.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',')} s)</dd>
            </dl>
            <form class="rerun" method="post" action="{Path}/kor-om">
              {Layout.AntiforgeryField(ctx)}
              <button type="submit" class="secondary">Kör om</button>
              <span class="muted">Sidan visar den senaste omräkningen om den är högst {Minutes(options.ReplayMaxAge)} gammal. "Kör om" räknar om allt nu; den ändrar inga uppgifter.</span>
            </form>
            </div>
            """);
        var differences = shown.Count == 0
            ? H.Raw("""<p class="empty none">Inga avvikelser: varje lagrat belopp stämmer med motorns omräkning.</p>""")
            : DifferenceTable(shown, withPlacement: true);
        return Layout.Page(ctx, "Revision", H.Html($"""
            <p class="muted">Omräkning av varje lagrat belopp (ordrar, orderrader, leveranser, fakturornas utfall, placeringarna) ur händelseloggen och den lagrade taxan med beräkningsmotorn, och kontroll av händelseloggens hashkedja: samma som <code>settle replay</code>. Anteckna kedjans huvud: finns det kvar i kedjan vid nästa revision har inget tagits bort i slutet av loggen.</p>
            {status}
            <h2 id="avvikelser">Avvikelser ({r.Differences.Count})</h2>
            {(r.Differences.Count > shown.Count ? H.Html($"""<p class="note">Visar de första {shown.Count} av {r.Differences.Count}; alla finns i <a href="/api/replay">/api/replay</a>.</p>""") : Markup.Empty)}
            {differences}
            """), active: Path);
    }

    private static string Minutes(Duration d) =>
        d.TotalMinutes >= 1 ? $"{Math.Round(d.TotalMinutes):0} minuter" : $"{Math.Max(0, Math.Round(d.TotalSeconds)):0} sekunder";

    /// <summary>The differences as a table: what, (placement,) stored, recomputed, and the derivation of the recomputed value.</summary>
    public static Markup DifferenceTable(IReadOnlyList<ReplayDifference> differences, bool withPlacement) => Layout.Table(
        withPlacement ? ["Vad", "Placering", "Lagrat", "Omräknat", "Härledning"] : ["Vad", "Lagrat", "Omräknat", "Härledning"],
        differences.Select(d => H.Html($"""
            <tr class="difference" data-placement="{d.Placement}" data-what="{d.What}">
              <td>{What(d.What)}</td>
              {(withPlacement ? H.Html($"""<td>{(d.Placement.Length == 0 ? H.Raw("–") : H.Html($"""<a href="/placering/{H.Seg(d.Placement)}#omrakning">{d.Placement}</a>"""))}</td>""") : Markup.Empty)}
              {ValueCell("stored", d.Stored)}{ValueCell("recomputed", d.Recomputed)}
              <td><details><summary>Härledning</summary><pre class="derivation">{d.Derivation}</pre></details></td>
            </tr>
            """)), cssClass: "grid differences", empty: "Inga avvikelser.");

    /// <summary>"order IN240311-1 line 3 (2024-05) amount", with the order linked to its line.</summary>
    private static Markup What(string what)
    {
        var m = OrderLine().Match(what);
        if (!m.Success) return H.Html($"{what}");
        var number = m.Groups["number"].Value;
        return H.Html($"""{m.Groups["kind"].Value} <a href="{OrderPages.OrderHref(number)}#rad-{number}-{m.Groups["line"].Value}">{number}</a>{what[(m.Groups["number"].Index + number.Length)..]}""");
    }

    [GeneratedRegex(@"^(?<kind>order|delivery) (?<number>\S+) line (?<line>\d+)")]
    private static partial Regex OrderLine();

    /// <summary>An amount or quantity the Swedish way (the machine value in data-value); any other value as it is.</summary>
    private static Markup ValueCell(string role, string value) =>
        Amount().IsMatch(value) && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)
            ? H.Html($"""<td class="num {role}" data-value="{value}">{Fmt.Amount(v)}</td>""")
            : H.Html($"""<td class="{role}" data-value="{value}">{value}</td>""");

    [GeneratedRegex(@"^-?\d+\.\d{2}$")]
    private static partial Regex Amount();

    /// <summary>
    /// The placement page's part: the Swedish derivation of every figure (as <c>settle explain</c>)
    /// and the replay's verdict on its stored figures and its own rows of the log.
    /// </summary>
    public static async Task<(Markup Verdict, Markup Explanation)> PlacementAsync(NpgsqlDataSource ds, string id, CancellationToken cancel)
    {
        PlacementExplanation explained;
        try
        {
            explained = await Task.Run(() => PlacementExplainer.Explain(ds, id), cancel);
        }
        catch (SettleException e)
        {
            var problem = H.Html($"""<p class="error">Placeringen kan inte räknas om: {e.Message}</p>""");
            return (H.Html($"""<section class="card replay-verdict" id="omrakning"><h2>Omräkning</h2>{problem}</section>"""), Markup.Empty);
        }
        var replay = explained.Replay;
        var chain = replay.Chain;
        var verdict = H.Html($"""
            <section class="card replay-verdict" id="omrakning" data-ok="{(replay.Ok ? "true" : "false")}">
            <h2>Omräkning</h2>
            {(replay.Differences.Count == 0
                ? H.Html($"""<p>{Layout.StatusBadge("approved", "Stämmer")} Alla {replay.Figures} lagrade belopp stämmer med motorns omräkning.</p>""")
                : H.Html($"""<p>{Layout.StatusBadge("refused", "Avvikelse")} {replay.Differences.Count} av {replay.Figures} lagrade belopp stämmer inte med motorns omräkning.</p>"""))}
            {(chain.Ok
                ? H.Html($"""<p class="chain" data-chain="ok">{Layout.StatusBadge("approved", "Obruten")} Placeringens {chain.Events} rader i händelseloggen är oförändrade (hashkedjan).</p>""")
                : H.Html($"""<p class="chain" data-chain="broken">{Layout.StatusBadge("refused", "Bruten")} Händelseloggens kedja är bruten vid händelse nr {chain.FirstBrokenSeq}: {chain.Problem}</p>"""))}
            {(replay.Differences.Count == 0 ? Markup.Empty : DifferenceTable(replay.Differences, withPlacement: false))}
            <p class="muted"><a href="#harledning">Härledningen av varje belopp</a> · <a href="{Path}">Revision av hela registret</a></p>
            </section>
            """);
        var explanation = H.Html($"""
            <h2 id="harledning">Härledning</h2>
            <p class="muted">Som <code>settle explain {id}</code>: händelserna, motorns beräkning med den senast inlästa taxan, avvisade händelser, varje lagrat belopp med vad det beräknades ur, och omräkningens utfall.</p>
            <pre class="derivation explanation">{explained.Text}</pre>
            """);
        return (verdict, explanation);
    }
}
