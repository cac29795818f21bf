using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Parties;

namespace Settlement.Peppol.Orders;

/// <summary>One calendar month of a placement period: a base-pay order line.</summary>
/// <remarks>
/// <para>Month: The calendar month.</para>
/// <para>From: First day of the month inside the period.</para>
/// <para>To: Last day of the month inside the period.</para>
/// <para>PlannedDays: Days of the month inside the period (the ordered quantity, unit DAY).</para>
/// <para>PlannedAmount: The line amount: planned days × daily rate, as the engine rounded it.</para>
/// </remarks>
public sealed record BasePayMonth(YearMonth Month, LocalDate From, LocalDate To, int PlannedDays, decimal PlannedAmount);

/// <summary>
/// Everything the base-pay order of one placement period needs. The worker maps the engine's
/// period onto this; the placement id is the genomförandereferens (never a person's name or number).
/// </summary>
public sealed record BasePayOrderRequest(
    PurchaseOrderNumber Number,
    LocalDate IssueDate,
    string PlacementId,
    int PeriodNumber,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    decimal DailyRate,
    IReadOnlyList<BasePayMonth> Months,
    Provider Provider,
    VatRate Vat);

/// <summary>The kinds of result-based payment, each ordered by its own order.</summary>
public enum ResultPayment
{
    /// <summary>Snabbhetspremie.</summary>
    SpeedBonus,
    /// <summary>Resultatersättning, one order per stage.</summary>
    Result,
    /// <summary>Tilläggsersättning.</summary>
    Supplement,
}

/// <summary>A result-based order: one line, quantity 1 (C62), price = the amount.</summary>
/// <remarks>
/// <para>Stage: The result stage (1 or 2) for <see cref="ResultPayment.Result"/>; null otherwise.</para>
/// <para>EarnedOn: The day the payment was earned (the requested delivery date of the line).</para>
/// </remarks>
public sealed record ResultOrderRequest(
    PurchaseOrderNumber Number,
    LocalDate IssueDate,
    string PlacementId,
    ResultPayment Kind,
    int? Stage,
    decimal Amount,
    LocalDate EarnedOn,
    Provider Provider,
    VatRate Vat);
