using Settlement.Peppol.Reading;

namespace Settlement.Worker.Matching;

/// <summary>
/// SETTLE-RANGE: what a document states must fit the columns that record it. Amounts are stored as
/// numeric(14, 2) and quantities as numeric(12, 2); a valid document may state 10^12 kr or 10^10 days,
/// which would make the database refuse the whole chunk it came in, and every retry after it. Such a
/// document is rejected with the figure named, and its outcome records no amount.
/// </summary>
internal static class StoredRanges
{
    /// <summary>The largest amount a numeric(14, 2) column holds.</summary>
    public const decimal MaxAmount = 999_999_999_999.99m;

    /// <summary>The largest quantity a numeric(12, 2) column holds.</summary>
    public const decimal MaxQuantity = 9_999_999_999.99m;

    /// <summary>True when the amount fits numeric(14, 2) after PostgreSQL rounds it to öre (or is absent).</summary>
    public static bool AmountFits(decimal? value) => value is not { } v || Math.Abs(Math.Round(v, 2, MidpointRounding.AwayFromZero)) <= MaxAmount;

    /// <summary>True when the quantity fits numeric(12, 2) after rounding (or is absent).</summary>
    public static bool QuantityFits(decimal? value) => value is not { } v || Math.Abs(Math.Round(v, 2, MidpointRounding.AwayFromZero)) <= MaxQuantity;

    /// <summary>The rejection for the first figure of the document that does not fit, or null when all do.</summary>
    public static MatchDecision? Check(InvoiceFacts facts)
    {
        foreach (var (what, value) in Amounts(facts))
            if (!AmountFits(value))
                return MatchDecision.Reject("OTH", $"[SETTLE-RANGE] {what} {value} är större än tjänsten tar emot (högst {InvoiceMatching.Sv(MaxAmount)} kr).");
        foreach (var line in facts.Lines)
            if (!QuantityFits(line.Quantity))
                return MatchDecision.Reject("OTH", $"[SETTLE-RANGE] Kvantiteten {line.Quantity} är större än tjänsten tar emot (högst {InvoiceMatching.Sv(MaxQuantity)}).");
        return null;
    }

    private static IEnumerable<(string What, decimal? Value)> Amounts(InvoiceFacts f)
    {
        foreach (var l in f.Lines)
        {
            yield return ("Radbeloppet", l.LineAmount);
            yield return ("Priset", l.Price);
        }
        yield return ("Summan av raderna", f.LineExtensionTotal);
        yield return ("Beloppet exklusive moms", f.TaxExclusiveTotal);
        yield return ("Momsbeloppet", f.TaxTotal);
        yield return ("Att betala", f.PayableAmount);
    }
}
