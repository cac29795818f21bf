namespace Settlement.Worker.Matching;

/// <summary>What became of an inbound document (the `outcome` of `settle invoices`).</summary>
internal enum Outcome
{
    /// <summary>Registered and accepted: AP.</summary>
    Approved,
    /// <summary>Registered, but wrong: UQ with the expected figures; to be fully credited and re-issued.</summary>
    Disputed,
    /// <summary>Not registered: RE with the reasons.</summary>
    Rejected,
    /// <summary>A byte-identical resend of a registered document: the first answer again.</summary>
    Duplicate,
    /// <summary>A credit note that fully credited a registered invoice; the order line is open again.</summary>
    Credited,
}

/// <summary>
/// One reason for a rejection or a dispute: the Invoice Response status reason code (OPStatusReason:
/// REF, QTY, PRI, DEL, ITM, UNR, REC, LEG, OTH) and a Swedish text a provider can act on.
/// </summary>
internal sealed record Reason(string Code, string Text);

/// <summary>The verdict on one document and why.</summary>
internal sealed record MatchDecision(Outcome Outcome, IReadOnlyList<Reason> Reasons)
{
    public static MatchDecision Approve() => new(Outcome.Approved, []);
    public static MatchDecision Reject(string code, string text) => new(Outcome.Rejected, [new Reason(code, text)]);

    public static string OutcomeName(Outcome outcome) => outcome switch
    {
        Outcome.Approved => "approved",
        Outcome.Disputed => "disputed",
        Outcome.Rejected => "rejected",
        Outcome.Duplicate => "duplicate",
        Outcome.Credited => "credited",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
