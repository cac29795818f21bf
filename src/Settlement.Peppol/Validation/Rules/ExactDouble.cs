using System.Numerics;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// Compares an xs:double with an xs:decimal exactly, the way the official artefacts do when a rule
/// writes <c>xs:decimal(cbc:TaxableAmount - 1)</c>: the subtraction is done in double (the amount is
/// untyped), and Saxon turns the double into the decimal of its exact binary value
/// (100.10 − 1 becomes 99.0999999999999943…, which is below 99.10). Comparing in decimal instead
/// would disagree exactly at a difference of one.
/// </summary>
internal static class ExactDouble
{
    /// <summary>The sign of <paramref name="d"/> − <paramref name="m"/>, both taken at their exact values; d must be finite.</summary>
    public static int Compare(double d, decimal m)
    {
        if (!double.IsFinite(d)) throw new ArgumentOutOfRangeException(nameof(d), "not a finite number");
        var bits = BitConverter.DoubleToInt64Bits(d);
        var negative = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++; else mantissa |= 1L << 52;
        exponent -= 1075; // d = ±mantissa × 2^exponent

        var parts = decimal.GetBits(m);
        var scale = (parts[3] >> 16) & 0xFF; // m = n / 10^scale
        var n = (new BigInteger((uint)parts[2]) << 64) | (new BigInteger((uint)parts[1]) << 32) | (uint)parts[0];
        if (parts[3] < 0) n = -n;

        var left = (negative ? -1 : 1) * new BigInteger(mantissa) * BigInteger.Pow(10, scale);
        var right = n;
        if (exponent >= 0) left <<= exponent; else right <<= -exponent;
        return left.CompareTo(right);
    }

    /// <summary>
    /// The official "±1" test on an untyped amount: xs:decimal(amount − 1) &lt; expected and
    /// xs:decimal(amount + 1) &gt; expected; false when the amount is absent or not a number.
    /// </summary>
    public static bool WithinOne(string? amount, decimal expected)
    {
        var d = Xp.Num(amount);
        return double.IsFinite(d) && Compare(d - 1, expected) < 0 && Compare(d + 1, expected) > 0;
    }
}
