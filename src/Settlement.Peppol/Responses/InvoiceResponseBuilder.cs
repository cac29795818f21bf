using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using U = Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Responses;

/// <summary>
/// Builds PEPPOL BIS Invoice Response 3 (T111) documents: AP (approved), RE (rejected, with
/// reasons), UQ (under query, with reasons, texts that state the expected figures, and actions
/// such as CNF = send a credit note for the full amount and NIN = send a new invoice), PD (paid).
/// </summary>
public static class InvoiceResponseBuilder
{
    private static readonly HashSet<string> ReasonCodes = ["NON", "REF", "LEG", "REC", "QUA", "DEL", "PRI", "QTY", "ITM", "PAY", "UNR", "FIN", "PPD", "OTH"];
    private static readonly HashSet<string> ActionCodes = ["NOA", "PIN", "NIN", "CNF", "CNP", "CNA", "OTH"];

    public static U.ApplicationResponse Build(InvoiceResponseRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var reasons = r.Reasons ?? [];
        var actions = r.Actions ?? [];
        if (r.Code is InvoiceResponseCode.UQ or InvoiceResponseCode.RE or InvoiceResponseCode.CA && reasons.Count == 0)
            throw new ArgumentException($"A {r.Code} response states at least one reason (PEPPOL-T111-R001).", nameof(r));
        foreach (var reason in reasons)
        {
            if (!ReasonCodes.Contains(reason.Code)) throw new ArgumentException($"'{reason.Code}' is not an OPStatusReason code.", nameof(r));
            if (reason.Code is "OTH" or "PPD" && string.IsNullOrWhiteSpace(reason.Text)) throw new ArgumentException($"Reason {reason.Code} needs a text.", nameof(r));
        }
        foreach (var action in actions)
            if (!ActionCodes.Contains(action.Code)) throw new ArgumentException($"'{action.Code}' is not an OPStatusAction code.", nameof(r));

        var status = reasons.Select(x => new U.Status { StatusReasonCode = Code.Of(x.Code, "OPStatusReason"), StatusReason = Blank(x.Text) })
            .Concat(actions.Select(x => new U.Status { StatusReasonCode = Code.Of(x.Code, "OPStatusAction"), StatusReason = Blank(x.Text) }))
            .ToList();
        return new U.ApplicationResponse
        {
            ID = r.ResponseId,
            IssueDate = UblFormat.Date(r.IssueDate),
            Note = Blank(r.Note),
            SenderParty = PartyOf(r.Sender),
            ReceiverParty = PartyOf(r.Receiver),
            DocumentResponse = new U.DocumentResponse
            {
                Response = new U.Response
                {
                    ResponseCode = r.Code.ToString(),
                    EffectiveDate = r.EffectiveDate is { } d ? UblFormat.Date(d) : null,
                    Status = status,
                },
                DocumentReference = new U.DocumentReference
                {
                    ID = r.DocumentId,
                    // The referenced document's date is an optional echo; a year xs:date cannot hold (before
                    // year 1, as a hostile document may state) is left out rather than make the answer invalid.
                    IssueDate = r.DocumentIssueDate is { Year: >= 1 } i ? UblFormat.Date(i) : null,
                    DocumentTypeCode = r.DocumentType == DocumentType.CreditNote ? "381" : "380",
                },
            },
        };
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static U.ResponseParty PartyOf(Parties.Party p) => new()
    {
        EndpointID = Identifier.Of(p.ParticipantId.Value, p.ParticipantId.Scheme),
        PartyLegalEntity = new U.PartyLegalEntity { RegistrationName = p.Name },
    };
}
