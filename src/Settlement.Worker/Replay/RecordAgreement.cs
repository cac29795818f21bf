using Dapper;
using Npgsql;

namespace Settlement.Worker.Replay;

/// <summary>
/// Records that must agree with one another, checked by a full replay beside the figures: what
/// someone able to lift the append-only protection could change row by row without touching a
/// figure. Every stored verdict has the registration it implies (approved or disputed: the invoice
/// with that status; credited: the credit; any other verdict: neither) and the answer it implies
/// (AP, UQ, RE); every payment has its PD answer and every PD answer its payment. A deleted payment
/// row, or a rejection flipped to an approval, is reported here; before, it passed replay and the
/// next payment run then failed on the PD answer already sent.
/// </summary>
internal static class RecordAgreement
{
    public static IReadOnlyList<ReplayDifference> Check(NpgsqlConnection conn)
    {
        var differences = new List<ReplayDifference>();
        foreach (var r in conn.Query<(long Id, string? Number, string? Placement, string Outcome, string? InvoiceStatus, bool CreditRow, string? Answer)>("""
            select o.document_id, o.document_number, ord.placement_id, o.outcome, i.status, c.invoice_id is not null,
                   (select string_agg(r.code, ',' order by r.code) from responses r where r.document_id = o.document_id and r.code <> 'PD')
            from inbound_outcomes o
            left join invoices i on i.document_id = o.document_id
            left join credits c on c.document_id = o.document_id
            left join orders ord on ord.number = coalesce(i.order_number, o.order_number)
            """))
        {
            var doc = $"inbound document {r.Id} ({r.Number ?? "no id"})";
            var registered = r.Outcome is "approved" or "disputed";
            if (registered != (r.InvoiceStatus is not null) || (registered && r.InvoiceStatus != r.Outcome))
                differences.Add(new(doc + " registration", r.Placement ?? "", r.InvoiceStatus is null ? "no registered invoice" : $"invoice registered as {r.InvoiceStatus}",
                    $"as its verdict {r.Outcome}", "an approved or disputed document is registered as an invoice with that status; no other verdict registers one"));
            if ((r.Outcome == "credited") != r.CreditRow)
                differences.Add(new(doc + " credit", r.Placement ?? "", r.CreditRow ? "a credit recorded" : "no credit recorded",
                    $"as its verdict {r.Outcome}", "a credited credit note has its credit, and only a credited one"));
            var expected = r.Outcome switch { "approved" or "credited" => "AP", "disputed" => "UQ", "rejected" => "RE", _ => null };
            var answerOk = r.Answer == expected || (r.Answer is null && r.Outcome is "rejected" or "duplicate");
            if (!answerOk)
                differences.Add(new(doc + " answer", r.Placement ?? "", r.Answer ?? "no answer", $"{expected ?? "no answer"} for its verdict {r.Outcome}",
                    "approved and credited are answered AP, disputed UQ, rejected RE (or not at all when the sender cannot be read); a duplicate repeats the first answer"));
        }
        foreach (var p in conn.Query<(string Number, string Seller, string Placement, bool Paid, bool Answered)>("""
            select i.invoice_number, i.seller_org, ord.placement_id, p.invoice_id is not null,
                   exists (select 1 from responses r where r.document_id = i.document_id and r.code = 'PD')
            from invoices i join orders ord on ord.number = i.order_number
            left join payments p on p.invoice_id = i.id
            where (p.invoice_id is not null) <> exists (select 1 from responses r where r.document_id = i.document_id and r.code = 'PD')
            """))
            differences.Add(new($"invoice {p.Number} of {p.Seller} payment", p.Placement, p.Paid ? "paid" : "not paid",
                p.Answered ? "paid (a PD answer was sent)" : "not paid (no PD answer was sent)", "a payment and its PD answer are written together, so each has the other"));
        foreach (var id in conn.Query<string>("""
            select r.response_id from responses r where r.code = 'PD' and not exists (select 1 from invoices i where i.document_id = r.document_id)
            """))
            differences.Add(new($"answer {id}", "", "PD (paid)", "no registered invoice to pay", "only a registered invoice is paid"));
        return differences;
    }
}
