using NodaTime;
using Settlement.Engine.Primitives;
using static Settlement.Worker.Replay.Replayer;

namespace Settlement.Worker.Replay;

/// <summary>
/// A payment, as the payment run makes it: of an approved invoice not credited, on or after its
/// due date, of its payable amount. Checked with the invoice it pays (<see cref="InvoiceCheck"/>).
/// </summary>
internal static class PaymentCheck
{
    /// <summary>The payment of <paramref name="inv"/> on <paramref name="paidOn"/>; <paramref name="doc"/> is how the invoice's differences name it.</summary>
    public static void Check(PlacementReplay replay, string doc, StoredInvoice inv, LocalDate paidOn)
    {
        replay.Count();
        var why = $"the payment run pays an approved, uncredited invoice its payable amount on or after its due date {Dates.Format(inv.DueDate)}";
        if (inv.Status != "approved" || inv.CreditDocumentId is not null)
            replay.Diff($"{doc} payment", $"paid {Dates.Format(paidOn)}", $"not payable ({inv.Status}{(inv.CreditDocumentId is not null ? ", credited" : "")})", why);
        if (inv.PaidAmount != inv.Payable) replay.Diff($"{doc} payment amount", Money2(inv.PaidAmount ?? 0m), Money2(inv.Payable), why);
        if (paidOn < inv.DueDate) replay.Diff($"{doc} payment date", Dates.Format(paidOn), $"on or after {Dates.Format(inv.DueDate)}", why);
    }
}
