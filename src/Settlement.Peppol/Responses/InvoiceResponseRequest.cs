using NodaTime;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Responses;

/// <summary>The Invoice Response 3 status codes (UNCL 4343 subset) the service uses and may receive.</summary>
public enum InvoiceResponseCode
{
    /// <summary>Acknowledged (received).</summary>
    AB,
    /// <summary>In process.</summary>
    IP,
    /// <summary>Under query: registered but disputed; needs action from the seller.</summary>
    UQ,
    /// <summary>Conditionally accepted.</summary>
    CA,
    /// <summary>Rejected: not registered.</summary>
    RE,
    /// <summary>Accepted (approved for payment).</summary>
    AP,
    /// <summary>Paid.</summary>
    PD,
}

/// <summary>A clarification reason (OPStatusReason: NON, REF, LEG, REC, QUA, DEL, PRI, QTY, ITM, PAY, UNR, FIN, PPD, OTH) and its text.</summary>
public sealed record StatusReason(string Code, string? Text = null);

/// <summary>An action the seller is asked to take (OPStatusAction: NOA, PIN, NIN, CNF, CNP, CNA, OTH) and its text.</summary>
public sealed record StatusAction(string Code, string? Text = null);

/// <summary>
/// What an Invoice Response (T111) says about one invoice or credit note. The sender is the buyer
/// (the agency), the receiver the seller (the provider).
/// </summary>
public sealed record InvoiceResponseRequest(
    string ResponseId,
    LocalDate IssueDate,
    Party Sender,
    Party Receiver,
    string DocumentId,
    DocumentType DocumentType,
    InvoiceResponseCode Code,
    IReadOnlyList<StatusReason>? Reasons = null,
    IReadOnlyList<StatusAction>? Actions = null,
    string? Note = null,
    LocalDate? EffectiveDate = null,
    LocalDate? DocumentIssueDate = null);
