using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Responses;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Worker.Intake;

/// <summary>An Invoice Response ready to be stored and sent: its row in `responses` and its file in the outbox.</summary>
internal sealed record ResponseDocument(string ResponseId, long ArchiveId, string Code, string? Note, string FileName, byte[] Bytes, string Sha256);

/// <summary>
/// Answers inbound documents with PEPPOL BIS Invoice Response 3 (T111), SBDH-wrapped: AP for an
/// approved invoice or an accepted credit note, UQ (reasons, the expected figures, actions CNF +
/// NIN) for a disputed invoice, RE with the reasons for a rejected document, PD when the payment
/// run pays. Building is pure; <see cref="Store"/> writes a batch of answers into `responses` and
/// the outbox table in the caller's transaction.
/// </summary>
internal sealed class Responder(BuyerConfiguration buyer, IClock clock, Func<LocalDate> today)
{
    /// <summary>
    /// Who the answer goes to: the registered provider, at the id the document came from (the envelope's
    /// sender, else the document's seller endpoint) when that is a PEPPOL id, else at its order address;
    /// else the seller the document names; else the envelope's sender.
    /// </summary>
    public Party? ReceiverOf(Func<string, Party?> providers, InvoiceFacts? facts, SbdhEnvelope? envelope)
    {
        var org = facts?.SellerOrganisationNumber;
        if (org is not null && providers(org) is { } known)
        {
            if (envelope is not null) return known with { ParticipantId = envelope.Sender };
            return ParticipantId.TryParse(facts?.SellerEndpoint, out var from) ? known with { ParticipantId = from } : known;
        }
        var endpoint = facts?.SellerEndpoint ?? envelope?.Sender.ToString();
        if (endpoint is null || !endpoint.StartsWith("0007:", StringComparison.Ordinal)) return null;
        if (!OrganisationNumber.TryParse(endpoint[5..], out var number) || !ParticipantId.TryParse(endpoint, out var id)) return null;
        return new Party(facts?.SellerName ?? "Okänd leverantör", number, id, null, new PostalAddress("", "", "", "SE"));
    }

    /// <summary>Every registered provider as a party, by organisation number (a small table, read once per batch).</summary>
    public static Dictionary<string, Party> Providers(NpgsqlConnection conn, NpgsqlTransaction? tx) =>
        conn.Query<(string Org, string Name, string PeppolId, string? Vat, string? Street, string? City, string? Zone, string Country)>(
                "select org_number, name, peppol_id, vat_number, street, city, postal_zone, country from providers", transaction: tx)
            .ToDictionary(r => r.Org, r => new Party(r.Name, OrganisationNumber.Parse(r.Org), ParticipantId.Parse(r.PeppolId), r.Vat,
                new PostalAddress(r.Street ?? "", r.City ?? "", r.Zone ?? "", r.Country)));

    /// <summary>Every registered PEPPOL id (any case) → its provider's organisation number (provider_ids, a small table).</summary>
    public static Dictionary<string, string> ProviderIds(NpgsqlConnection conn, NpgsqlTransaction? tx) =>
        conn.Query<(string Id, string Org)>("select participant_id, provider_org from provider_ids", transaction: tx)
            .ToDictionary(r => r.Id, r => r.Org, StringComparer.OrdinalIgnoreCase);

    public static Party? Provider(NpgsqlConnection conn, NpgsqlTransaction? tx, string org) =>
        Providers(conn, tx).GetValueOrDefault(org);

    public ResponseDocument Answer(long archiveId, Party receiver, string documentId, DocumentType type, LocalDate? documentIssueDate, MatchDecision decision)
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
        return Build($"SVAR-{archiveId}", archiveId, receiver, documentId, type, documentIssueDate, code, reasons, actions, note, null);
    }

    /// <summary>PD: the invoice is paid on <paramref name="paidOn"/>.</summary>
    public ResponseDocument Paid(long archiveId, Party receiver, string invoiceNumber, LocalDate invoiceIssueDate, LocalDate paidOn) =>
        Build($"BETALD-{archiveId}", archiveId, receiver, invoiceNumber, DocumentType.Invoice, invoiceIssueDate, InvoiceResponseCode.PD, [], [], null, paidOn);

    /// <summary>Stores answers and their outbox rows (the files are written after the commit).</summary>
    public static void Store(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<ResponseDocument> answers)
    {
        if (answers.Count == 0) return;
        conn.Execute("""
            insert into responses (response_id, document_id, code, text)
            select * from unnest(@ids::text[], @archives::bigint[], @codes::text[], @notes::text[])
            """, new { ids = answers.Select(a => a.ResponseId).ToArray(), archives = answers.Select(a => a.ArchiveId).ToArray(),
                       codes = answers.Select(a => a.Code).ToArray(), notes = answers.Select(a => a.Note).ToArray() }, tx);
        conn.Execute("""
            insert into outbox (file_name, document, sha256, response_id)
            select * from unnest(@files::text[], @documents::bytea[], @shas::text[], @ids::text[])
            """, new { files = answers.Select(a => a.FileName).ToArray(), documents = answers.Select(a => a.Bytes).ToArray(),
                       shas = answers.Select(a => a.Sha256).ToArray(), ids = answers.Select(a => a.ResponseId).ToArray() }, tx);
    }

    /// <summary>The first answers to documents, sent again for byte-identical resends: (first archive id, resend archive id).</summary>
    public static void Repeat(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<(long First, long Resend)> pairs)
    {
        if (pairs.Count == 0) return;
        conn.Execute("""
            insert into outbox (file_name, document, sha256)
            select r.response_id || '-igen-' || p.resend || '.xml', o.document, o.sha256
            from unnest(@firsts::bigint[], @resends::bigint[]) as p(first, resend)
            join responses r on r.document_id = p.first and r.code <> 'PD'
            join outbox o on o.response_id = r.response_id
            """, new { firsts = pairs.Select(p => p.First).ToArray(), resends = pairs.Select(p => p.Resend).ToArray() }, tx);
    }

    private ResponseDocument Build(string responseId, long archiveId, Party receiver, string documentId, DocumentType type, LocalDate? documentIssueDate,
        InvoiceResponseCode code, IReadOnlyList<StatusReason> reasons, IReadOnlyList<StatusAction> actions, string? note, LocalDate? effective)
    {
        var response = InvoiceResponseBuilder.Build(new InvoiceResponseRequest(responseId, today(), buyer.Party, receiver, documentId, type, code,
            reasons, actions, note, effective, documentIssueDate));
        var envelope = SbdhEnvelope.For(DocumentType.ApplicationResponse, buyer.Party.ParticipantId, receiver.ParticipantId, StableIds.Uuid(responseId), clock.GetCurrentInstant());
        var bytes = SbdhCodec.Wrap(UblWriter.Write(response), envelope);
        Outbox.OutboundValidation.Require(bytes, $"Invoice Response {responseId} ({code} to {documentId})");
        return new ResponseDocument(responseId, archiveId, code.ToString(), note, responseId + ".xml", bytes, Hashing.Sha256Hex(bytes));
    }
}
