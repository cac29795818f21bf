using NodaTime;
using Settlement.Engine.Primitives;

namespace Settlement.Engine.Tariffs;

/// <summary>A result stage: share of the result total, paid after <see cref="AfterMonths"/> of verified work or studies.</summary>
public sealed record ResultStage(int Stage, int AfterMonths, decimal Share);

/// <summary>A supplement (tilläggsersättning) for the listed levels and outcomes, earned with <see cref="Stage"/>.</summary>
public sealed record Supplement(string Id, IReadOnlyList<Level> Levels, IReadOnlyList<string> Outcomes, int Stage, decimal Amount);

/// <summary>Whether the speed bonus is paid, and the most days it pays (null: no cap).</summary>
public sealed record SpeedBonusRule(bool Enabled, int? MaxDays);

/// <summary>The VAT the orders carry (the tariff's `vat`).</summary>
public sealed record VatRule(string Category, decimal Percent);

/// <summary>
/// The amounts in effect from <see cref="From"/> until the next version. The version that applies to
/// a figure is the one with the latest From ≤ the figure's reference date.
/// </summary>
public sealed class TariffVersion
{
    private readonly decimal[] baseDailyRate; // by Level
    private readonly decimal[] resultTotal;   // by Level
    private readonly Dictionary<string, decimal> parallelReduction;
    private readonly HashSet<string> parallelMaxMonthsExempt;

    public LocalDate From { get; }
    /// <summary>Ascending by stage number.</summary>
    public IReadOnlyList<ResultStage> ResultStages { get; }
    public SpeedBonusRule SpeedBonus { get; }
    public IReadOnlyList<Supplement> Supplements { get; }
    public VatRule Vat { get; }
    public IReadOnlyDictionary<string, decimal> ParallelReductions => parallelReduction;
    public IReadOnlyCollection<string> ParallelMaxMonthsExempt => parallelMaxMonthsExempt;

    internal TariffVersion(
        LocalDate from,
        decimal[] baseDailyRate,
        decimal[] resultTotal,
        IEnumerable<ResultStage> resultStages,
        SpeedBonusRule speedBonus,
        Dictionary<string, decimal> parallelReduction,
        IEnumerable<string> parallelMaxMonthsExempt,
        IReadOnlyList<Supplement> supplements,
        VatRule vat)
    {
        From = from;
        this.baseDailyRate = baseDailyRate;
        this.resultTotal = resultTotal;
        ResultStages = resultStages.OrderBy(s => s.Stage).ToArray();
        SpeedBonus = speedBonus;
        this.parallelReduction = parallelReduction;
        this.parallelMaxMonthsExempt = new HashSet<string>(parallelMaxMonthsExempt, StringComparer.Ordinal);
        Supplements = supplements;
        Vat = vat;
    }

    public decimal BaseDailyRate(Level level) => baseDailyRate[(int)level];

    public decimal ResultTotal(Level level) => resultTotal[(int)level];

    public bool TryGetParallelReduction(string program, out decimal reduction) =>
        parallelReduction.TryGetValue(program, out reduction);

    public bool IsExemptFromThreeMonthCap(string program) => parallelMaxMonthsExempt.Contains(program);

    public ResultStage? Stage(int stage)
    {
        foreach (var s in ResultStages)
            if (s.Stage == stage) return s;
        return null;
    }
}
