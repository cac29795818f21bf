using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Responses;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Party = Settlement.Peppol.Parties.Party;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;

namespace Settlement.Worker.Intake;

/// <summary>
/// Answers inbound documents with PEPPOL BIS Invoice Response 3 (T111), SBDH-wrapped, into the
/// outbox table in the caller's transaction: AP for an approved invoice or an accepted credit
/// note, UQ (reasons, the expected figures, actions CNF + NIN) for a disputed invoice, RE with the
/// reasons for a rejected document, PD when the payment run pays.
/// </summary>
public sealed class Responder(BuyerConfiguration buyer, IClock clock, Func<LocalDate> today)
{
    /// <summary>Who the answer goes to: the registered provider, else the seller the document names, else the envelope's sender.</summary>
    public Party? ReceiverOf(NpgsqlConnection conn, NpgsqlTransaction tx, InvoiceFacts? facts, SbdhEnvelope? envelope)
    {
        var org = facts?.SellerOrganisationNumber;
        if (org is not null && Provider(conn, tx, org) is { } known) return known;
        var endpoint = facts?.SellerEndpoint ?? envelope?.Sender.ToString();
        if (endpoint is null || !endpoint.StartsWith("0007:", StringComparison.Ordinal)) return null;
        if (!OrganisationNumber.TryParse(endpoint[5..], out var number) || !ParticipantId.TryParse(endpoint, out var id)) return null;
        return new Party(facts?.SellerName ?? "Okänd leverantör", number, id, null, new PostalAddress("", "", "", "SE"));
    }

    public static Party? Provider(NpgsqlConnection conn, NpgsqlTransaction? tx, string org)
    {
        var p = conn.QuerySingleOrDefault<(string Name, string PeppolId, string? Vat, string? Street, string? City, string? Zone, string Country)?>(
            "select name, peppol_id, vat_number, street, city, postal_zone, country from providers where org_number = @org", new { org }, tx);
        if (p is not { } r) return null;
        return new Party(r.Name, OrganisationNumber.Parse(org), ParticipantId.Parse(r.PeppolId), r.Vat,
            new PostalAddress(r.Street ?? "", r.City ?? "", r.Zone ?? "", r.Country));
    }

    public void Answer(NpgsqlConnection conn, NpgsqlTransaction tx, long archiveId, Party receiver, string documentId, DocumentType type,
        LocalDate? documentIssueDate, MatchDecision decision)
    {
        var (code, reasons, actions, note) = decision.Outcome switch
        {
            Outcome.Approved or Outcome.Credited => (InvoiceResponseCode.AP, (IReadOnlyList<StatusReason>)[], (IReadOnlyList<StatusAction>)[], (string?)null),
            Outcome.Disputed => (InvoiceResponseCode.UQ,
                decision.Reasons.Select(r => new StatusReason(r.Code, r.Text)).ToList(),
                [new StatusAction("CNF", "Skicka en kreditnota på hela fakturabeloppet."), new StatusAction("NIN", "Skicka därefter en ny, korrekt faktura.")],
                InvoiceMatching.DisputeText(decision.Reasons)),
            _ => (InvoiceResponseCode.RE, decision.Reasons.Select(r => new StatusReason(r.Code, r.Text)).ToList(), [], null),
        };
        Send(conn, tx, $"SVAR-{archiveId}", archiveId, receiver, documentId, type, documentIssueDate, code, reasons, actions, note, null);
    }

    /// <summary>PD: the invoice is paid on <paramref name="paidOn"/>.</summary>
    public void Paid(NpgsqlConnection conn, NpgsqlTransaction tx, long archiveId, Party receiver, string invoiceNumber, LocalDate invoiceIssueDate, LocalDate paidOn) =>
        Send(conn, tx, $"BETALD-{archiveId}", archiveId, receiver, invoiceNumber, DocumentType.Invoice, invoiceIssueDate,
            InvoiceResponseCode.PD, [], [], null, paidOn);

    /// <summary>The first answer to a document, sent again for a byte-identical resend.</summary>
    public void Repeat(NpgsqlConnection conn, NpgsqlTransaction tx, long firstArchiveId, long resendArchiveId) =>
        conn.Execute("""
            insert into outbox (file_name, document, sha256)
            select r.response_id || '-igen-' || @resendArchiveId || '.xml', o.document, o.sha256
            from responses r join outbox o on o.response_id = r.response_id
            where r.document_id = @firstArchiveId and r.code <> 'PD'
            """, new { firstArchiveId, resendArchiveId }, tx);

    private void Send(NpgsqlConnection conn, NpgsqlTransaction tx, string responseId, long archiveId, Party receiver, string documentId,
        DocumentType type, LocalDate? documentIssueDate, InvoiceResponseCode code, IReadOnlyList<StatusReason> reasons,
        IReadOnlyList<StatusAction> actions, string? note, LocalDate? effective)
    {
        var response = InvoiceResponseBuilder.Build(new InvoiceResponseRequest(responseId, today(), buyer.Party, receiver, documentId, type, code,
            reasons, actions, note, effective, documentIssueDate));
        var envelope = SbdhEnvelope.For(DocumentType.ApplicationResponse, buyer.Party.ParticipantId, receiver.ParticipantId, StableIds.Uuid(responseId), clock.GetCurrentInstant());
        var bytes = SbdhCodec.Wrap(UblWriter.Write(response), envelope);
        conn.Execute("insert into responses (response_id, document_id, code, text) values (@responseId, @archiveId, @code, @note)",
            new { responseId, archiveId, code = code.ToString(), note }, tx);
        conn.Execute("insert into outbox (file_name, document, sha256, response_id) values (@file, @bytes, @sha, @responseId)",
            new { file = responseId + ".xml", bytes, sha = Hashing.Sha256Hex(bytes), responseId }, tx);
    }
}
