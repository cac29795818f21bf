namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// The check-digit functions of the official rules (u:gln, u:mod11, u:mod97-0208, u:abn,
/// u:checkSEOrgnr, and the Italian u:checkCodiceIPA, u:checkCF, u:checkPIVAseIT), ported as written.
/// </summary>
public static class IdentifierChecks
{
    private static bool AllDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    /// <summary>GS1 GLN: weights 3,1,3… from the right over all but the check digit.</summary>
    public static bool Gln(string val)
    {
        if (val.Length == 0) return false;
        var body = val[..^1];
        var sum = 0;
        for (var i = 0; i < body.Length; i++) sum += (body[body.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return (10 - sum % 10) % 10 == val[^1] - '0';
    }

    /// <summary>Norwegian organisation number: weights 2..7 from the right, modulus 11.</summary>
    public static bool Mod11(string val)
    {
        if (val.Length == 0 || !AllDigits(val) || !(double.Parse(val, System.Globalization.CultureInfo.InvariantCulture) > 0)) return false;
        var body = val[..^1];
        var sum = 0;
        for (var i = 0; i < body.Length; i++) sum += (body[body.Length - 1 - i] - '0') * (i % 6 + 2);
        return (11 - sum % 11) % 11 == val[^1] - '0';
    }

    /// <summary>
    /// Greek TIN (AFM), as u:TinVerification: the first eight digits weighted 256…2, the sum mod 11 mod 10
    /// is the ninth. Only the first nine characters count (a longer value can pass), any non-digit fails.
    /// </summary>
    public static bool GreekTin(string val)
    {
        if (val.Length < 9) return false;
        var sum = 0;
        for (var i = 0; i < 9; i++) if (!char.IsAsciiDigit(val[i])) return false;
        for (var i = 0; i < 8; i++) sum += (val[i] - '0') << (8 - i);
        return sum % 11 % 10 == val[8] - '0';
    }

    /// <summary>Belgian enterprise number: the last two digits are 97 − (first eight mod 97).</summary>
    public static bool Mod97Be(string val) =>
        val.Length == 10 && AllDigits(val) && 97 - long.Parse(val[..8], System.Globalization.CultureInfo.InvariantCulture) % 97 == int.Parse(val[8..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Australian Business Number: weighted sum (first digit minus one) divisible by 89.</summary>
    public static bool Abn(string val)
    {
        if (val.Length < 11) return false;
        int[] w = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
        var sum = (val[0] - 49) * 10;
        for (var i = 1; i < 11; i++) sum += (val[i] - 48) * w[i];
        return sum % 89 == 0;
    }

    /// <summary>Swedish organisation number check digit (Luhn over the first nine digits), as u:checkSEOrgnr.</summary>
    public static bool SeOrgnr(string number)
    {
        if (!AllDigits(number) || number.Length < 10) return false;
        var main = number[..9];
        var sum = 0;
        for (var pos = 1; pos <= main.Length; pos++)
        {
            var d = main[main.Length - pos] - '0';
            sum += pos % 2 == 1 ? d * 2 % 10 + d * 2 / 10 : d;
        }
        return (10 - sum % 10) % 10 == number[9] - '0';
    }

    /// <summary>Italian IPA code: six letters or digits.</summary>
    public static bool CodiceIpa(string arg) => arg.Length == 6 && arg.All(char.IsAsciiLetterOrDigit);

    /// <summary>Italian tax code (Codice Fiscale): 16 characters in the personal pattern, or 11 digits.</summary>
    public static bool CodiceFiscale(string arg) => arg.Length switch
    {
        16 => Cf16(arg),
        11 => Xp.IsInteger(arg),
        _ => false,
    };

    private static bool Cf16(string a) =>
        a[..6].All(char.IsAsciiLetter) && Xp.IsInteger(a.Substring(6, 2)) && char.IsAsciiLetter(a[8]) &&
        Xp.IsInteger(a.Substring(9, 2)) && Xp.IsInteger(a.Substring(14, 1)) && char.IsAsciiLetter(a[15]);

    /// <summary>Italian VAT number (Partita IVA) with IT prefix: 11 digits with a valid check; other prefixes pass.</summary>
    public static bool PartitaIvaSeIt(string arg)
    {
        var country = arg.Length >= 2 ? arg[..2] : arg;
        if (country is not ("IT" or "it")) return true;
        var code = arg[2..];
        return code.Length == 11 && CheckPiva(code) == 0;
    }

    private static int CheckPiva(string arg)
    {
        if (!Xp.IsInteger(arg)) return 1;
        var sum = 0;
        var even = false;
        foreach (var ch in arg)
        {
            if (!char.IsAsciiDigit(ch)) return 1;
            var d = ch - '0';
            sum += even ? "0246813579"[d] - '0' : d;
            even = !even;
        }
        return sum % 10;
    }

    /// <summary>An xs:date with exactly ten characters (YYYY-MM-DD), a real calendar day.</summary>
    public static bool IsIsoDate(string s, bool exactLength = true)
    {
        if (exactLength && s.Length != 10) return false;
        var t = s.Trim();
        if (t.Length != 10 || t[4] != '-' || t[7] != '-') return false;
        return DateTime.TryParseExact(t, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out _);
    }
}
