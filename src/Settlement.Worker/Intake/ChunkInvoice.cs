using NodaTime;

namespace Settlement.Worker.Intake;

/// <summary>A registered invoice as an intake chunk knows it (read, or registered in the chunk); <see cref="Id"/> is null until written.</summary>
internal sealed class ChunkInvoice
{
    public long? Id;
    public required long ArchiveId;
    public required string Seller, Number, OrderNumber;
    public required int LineNo;
    public required decimal Amount, Vat, Payable;
    public bool Credited, Paid;
    /// <summary>Whether the line's delivery was registered when the invoice was judged (replay redoes the verdict from it).</summary>
    public bool DeliverySeen;
    public LocalDate IssueDate, DueDate;
    public decimal Quantity, Price;
    public string Status = "approved";
    public string ReceivedAt = "";
}
