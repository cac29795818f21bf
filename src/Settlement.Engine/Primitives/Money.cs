using System.Globalization;

namespace Settlement.Engine.Primitives;

/// <summary>
/// An amount in SEK, always whole öre. The only way in is <see cref="Round"/> (half away from
/// zero, the rule book's rounding), so an unrounded intermediate can never be mistaken for a
/// payable figure.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    public decimal Amount { get; }

    private Money(decimal amount) => Amount = amount;

    public static readonly Money Zero = new(0m);

    /// <summary>round2 of the rule book: to öre, half away from zero.</summary>
    public static Money Round(decimal exact) => new(Math.Round(exact, 2, MidpointRounding.AwayFromZero) + 0.00m);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);
    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount);

    public int CompareTo(Money other) => Amount.CompareTo(other.Amount);

    /// <summary>Two decimals, invariant culture: "1021.85".</summary>
    public override string ToString() => Amount.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>Number formatting for Swedish text (space as group separator, comma as decimal sign).</summary>
public static class SwedishNumbers
{
    public static readonly NumberFormatInfo Format = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = " ",
        NegativeSign = "−",
    };

    public static string Decimal2(decimal value) => value.ToString("0.00", Format);
}

/// <summary>Fixed-decimal text for quantities and factors (money has <see cref="Money.ToString"/>).</summary>
public static class Decimals
{
    /// <summary>Decimal text with the given decimals, half away from zero, invariant culture: "16.50", "1.126000".</summary>
    public static string Fixed(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>
    /// Every significant decimal, and at least <paramref name="minDecimals"/>: "55.125", "61.00".
    /// For tariff inputs in a derivation, which an auditor redoes by hand: rounding them for show
    /// would print arithmetic that does not give its own result.
    /// </summary>
    public static string Exact(decimal value, int minDecimals) =>
        value.ToString("0." + new string('0', minDecimals) + new string('#', 28 - minDecimals), CultureInfo.InvariantCulture);
}
