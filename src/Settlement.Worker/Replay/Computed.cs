using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Explanation;
using Settlement.Engine.Primitives;

namespace Settlement.Worker.Replay;

/// <summary>
/// An engine result and how it was obtained (the as-of date, the tariff, the log rows used), with
/// the derivation a difference quotes: that header and the engine's blocks for the figure.
/// <see cref="Problem"/> says why there is no result (the tariff is missing, does not read, or
/// cannot price the placement).
/// </summary>
internal sealed record Computed(PlacementResult? Result, string? Problem, LocalDate AsOf, string TariffSha, IReadOnlyList<long> Seqs)
{
    private IReadOnlyList<ExplanationBlock>? blocks;

    /// <summary>The engine's explanation, built the first time a derivation is asked for: only a difference needs one.</summary>
    private IReadOnlyList<ExplanationBlock> Blocks => blocks ??= Result is null ? [] : Explainer.Blocks(Result);

    public string Header =>
        $"beräknat per {Dates.Format(AsOf)} med taxa {TariffSha[..Math.Min(12, TariffSha.Length)]} ur händelserna {(Seqs.Count == 0 ? "(inga)" : "seq " + string.Join(", ", Seqs))}";

    /// <summary>The header and the engine's whole explanation (a figure that is missing or cannot be placed in it).</summary>
    public string Derivation() => Derivation(_ => true);

    /// <summary>
    /// The header and the engine's blocks <paramref name="select"/> picks (<see cref="DerivationBlocks"/>),
    /// in the engine's order and exactly as `settle explain` prints them.
    /// </summary>
    public string Derivation(Func<ExplanationBlock, bool> select) =>
        Problem is not null ? $"{Header}\n  {Problem}" : Header + "\n" + Explainer.Render(Blocks.Where(select)).TrimEnd('\n');
}
