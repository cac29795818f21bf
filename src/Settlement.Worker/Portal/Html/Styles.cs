namespace Settlement.Worker.Portal.Html;

/// <summary>
/// The portal's one style sheet, served at /portal.css. Kept in code so the program stays one
/// file set with nothing to copy beside it. Plain, readable, high-contrast; tables are the main
/// tool of people who reconcile all day, so they get tabular figures and a sticky header.
/// </summary>
internal static class Styles
{
    public const string Css = """
        :root { --ink:#1d2327; --muted:#5b6770; --line:#d6dde2; --bg:#f5f7f8; --card:#fff; --accent:#0b5e8e;
                --ok:#1f7a3a; --warn:#9a5b00; --bad:#b3261e; --info:#0b5e8e; font-size:15px; }
        * { box-sizing:border-box; }
        body { margin:0; font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:var(--bg); line-height:1.45; }
        a { color:var(--accent); }
        header.top { display:flex; align-items:center; gap:1.5rem; padding:.6rem 1.5rem; background:#0f3b57; color:#fff; flex-wrap:wrap; }
        header.top a { color:#fff; text-decoration:none; }
        .brand { font-weight:700; letter-spacing:.02em; }
        nav { display:flex; gap:1rem; flex:1; }
        nav a { padding:.25rem .1rem; border-bottom:2px solid transparent; }
        nav a[aria-current=page], nav a:hover { border-bottom-color:#9fd3f5; }
        form.user { display:flex; gap:.75rem; align-items:center; margin:0; font-size:.9rem; }
        button.link { background:none; border:0; color:#fff; text-decoration:underline; cursor:pointer; font:inherit; padding:0; }
        main { max-width:1200px; margin:0 auto; padding:1.25rem 1.5rem 3rem; }
        h1 { font-size:1.5rem; margin:.25rem 0 1rem; }
        h2 { font-size:1.15rem; margin:1.75rem 0 .5rem; }
        h3 { font-size:1rem; margin:1.25rem 0 .4rem; }
        .card { background:var(--card); border:1px solid var(--line); border-radius:6px; padding:1rem 1.25rem; margin-bottom:1rem; }
        table.grid { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); font-variant-numeric: tabular-nums; }
        table.grid th, table.grid td { padding:.4rem .6rem; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
        table.grid thead th { background:#eaf0f3; font-weight:600; font-size:.9rem; }
        table.grid tbody tr:hover { background:#f0f6fa; }
        td.num, th.num { text-align:right; white-space:nowrap; }
        td.na { color:var(--muted); }
        tfoot td { font-weight:600; border-top:2px solid var(--ink); }
        dl.facts { display:grid; grid-template-columns: max-content 1fr; gap:.25rem 1rem; margin:0; }
        dl.facts dt { color:var(--muted); }
        dl.facts dd { margin:0; }
        pre.derivation { background:#fbfbf7; border:1px solid var(--line); padding:.6rem .8rem; overflow-x:auto; font-size:.85rem; line-height:1.35; margin:.4rem 0; }
        td pre.derivation { white-space:pre-wrap; overflow-wrap:anywhere; max-width:26rem; }
        details > summary { cursor:pointer; color:var(--accent); }
        .badge { display:inline-block; padding:.05rem .5rem; border-radius:999px; font-size:.8rem; font-weight:600; border:1px solid currentColor; white-space:nowrap; }
        .badge-ordered { color:var(--info); } .badge-delivered { color:var(--ok); } .badge-not_delivered { color:var(--muted); }
        .badge-missing, .badge-disputed { color:var(--warn); } .badge-refused, .badge-rejected { color:var(--bad); }
        .badge-approved, .badge-paid { color:var(--ok); } .badge-invoiced, .badge-credited { color:var(--info); }
        .muted, .empty { color:var(--muted); }
        .note { border-left:4px solid var(--info); background:#eef6fb; padding:.5rem .8rem; margin:.75rem 0; }
        .error { border-left:4px solid var(--bad); background:#fdeeee; padding:.5rem .8rem; margin:.75rem 0; }
        form.filter { display:flex; gap:.75rem; align-items:flex-end; flex-wrap:wrap; margin-bottom:1rem; }
        label { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); gap:.2rem; }
        input, select { font:inherit; padding:.35rem .5rem; border:1px solid #aab6be; border-radius:4px; background:#fff; color:var(--ink); }
        button.primary, button.secondary { font:inherit; padding:.4rem .9rem; border-radius:4px; cursor:pointer; }
        button.primary { background:var(--accent); color:#fff; border:1px solid var(--accent); }
        button.secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); }
        .login { max-width:360px; margin:1rem auto 3rem; }
        h1:has(+ .login) { text-align:center; margin-top:3rem; }
        .login form { display:flex; flex-direction:column; gap:.8rem; }
        .chart { margin:.5rem 0 1.25rem; }
        .chart svg { max-width:100%; height:auto; }
        .legend { display:flex; gap:1rem; font-size:.85rem; color:var(--muted); }
        .verdict { font-weight:600; margin:0 0 .75rem; }
        code.hash { font-size:.8rem; overflow-wrap:anywhere; }
        form.rerun { display:flex; gap:.75rem; align-items:center; flex-wrap:wrap; margin:.9rem 0 0; }
        .card > h2:first-child { margin-top:0; }
        table.differences td.stored { color:var(--bad); }
        .legend i { display:inline-block; width:.8rem; height:.8rem; margin-right:.3rem; vertical-align:-1px; }
        """;
}
