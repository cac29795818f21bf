namespace Settlement.Worker.Matching;

/// <summary>
/// What <see cref="DocumentDecider"/> made of an inbound document, one case per path: a copy of a
/// document already decided, a document refused before any record changes, a credit note's decision,
/// or an invoice that names one line of one of the seller's orders and is registered (to be judged
/// against the line by <see cref="InvoiceMatching.Judge"/>, which needs the line's delivery).
/// </summary>
internal abstract record Verdict
{
    private Verdict() { }

    /// <summary>The same bytes were decided before (archive id <paramref name="FirstId"/>): the first answer again, nothing registered.</summary>
    public sealed record Duplicate(long FirstId, Reason Why) : Verdict;

    /// <summary>Not registered: RE with the reasons.</summary>
    public sealed record Refused(MatchDecision Decision) : Verdict;

    /// <summary>A credit note's decision, with the invoice it names when that is one of the seller's registered invoices.</summary>
    public sealed record Credit(MatchDecision Decision, CreditedInvoice? Invoice) : Verdict;

    /// <summary>An invoice registered on one order line.</summary>
    public sealed record Registered(string OrderNumber, int LineNo) : Verdict;
}
