using NodaTime;

namespace Settlement.Engine.Tariffs;

/// <summary>
/// The taxa: effective-dated versions plus the index series. Loaded as data (see
/// <see cref="TariffReader"/>), never coded.
/// </summary>
public sealed class Tariff
{
    private readonly TariffVersion[] versions; // ascending by From, distinct

    public string Name { get; }
    public string Currency { get; }
    public IndexSeries Index { get; }
    public IReadOnlyList<TariffVersion> Versions => versions;

    internal Tariff(string name, string currency, IndexSeries index, IEnumerable<TariffVersion> versions)
    {
        Name = name;
        Currency = currency;
        Index = index;
        this.versions = versions.OrderBy(v => v.From).ToArray();
    }

    /// <summary>The version in effect on <paramref name="date"/> (latest From ≤ date), or null.</summary>
    public TariffVersion? VersionAt(LocalDate date)
    {
        for (int i = versions.Length - 1; i >= 0; i--)
            if (versions[i].From <= date) return versions[i];
        return null;
    }

    /// <summary>The version in effect on <paramref name="date"/>; its absence is an error, never a silent default.</summary>
    public TariffVersion RequireVersionAt(LocalDate date) =>
        VersionAt(date) ?? throw new TariffGapException($"no tariff version is in effect on {date:uuuu-MM-dd}");

    /// <summary>
    /// The index-adjusted amount: round2(baseAmount × value(d) / base), one rounding at the end.
    /// Returns the entry used so the derivation can name it.
    /// </summary>
    public IndexedAmount Indexed(decimal baseAmount, LocalDate date)
    {
        var entry = Index.RequireAt(date);
        var factor = entry.Value / Index.Base;
        return new IndexedAmount(baseAmount, entry, Index.Base, factor,
            Primitives.Money.Round(baseAmount * factor));
    }
}

/// <summary>An amount scaled by the index, with everything needed to redo it by hand.</summary>
public readonly record struct IndexedAmount(decimal BaseAmount, IndexEntry Index, decimal IndexBase, decimal Factor, Primitives.Money Amount);

/// <summary>A figure needs a tariff version or index value that the tariff does not have for its date.</summary>
public sealed class TariffGapException(string message) : Exception(message);
