using NodaTime;

namespace Settlement.Engine.Tariffs;

/// <summary>One value of the index series, in effect from <see cref="From"/> until the next entry.</summary>
public sealed record IndexEntry(LocalDate From, decimal Value);

/// <summary>
/// The yearly compensation index. factor(d) = value(d) / base, where value(d) is the entry with the
/// latest From ≤ d. The factor is never rounded; only the amount it scales is.
/// </summary>
public sealed class IndexSeries
{
    private readonly IndexEntry[] entries; // ascending by From, distinct

    public string Name { get; }
    public decimal Base { get; }
    public IReadOnlyList<IndexEntry> Entries => entries;

    internal IndexSeries(string name, decimal @base, IEnumerable<IndexEntry> entries)
    {
        Name = name;
        Base = @base;
        this.entries = entries.OrderBy(e => e.From).ToArray();
    }

    /// <summary>The entry in effect on <paramref name="date"/>, or null when the series starts later.</summary>
    public IndexEntry? EntryAt(LocalDate date)
    {
        for (int i = entries.Length - 1; i >= 0; i--)
            if (entries[i].From <= date) return entries[i];
        return null;
    }

    /// <summary>The entry in effect on <paramref name="date"/>; its absence is an error, never a silent default.</summary>
    public IndexEntry RequireAt(LocalDate date) =>
        EntryAt(date) ?? throw new TariffGapException($"the index series has no value in effect on {date:uuuu-MM-dd}");
}
