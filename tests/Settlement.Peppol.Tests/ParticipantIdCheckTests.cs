using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Tests;

/// <summary>
/// A provider's PEPPOL ids (issue 17): the scheme must be in the release's EAS list, the value must
/// pass its scheme's check, check digit included; the check that failed is named.
/// </summary>
public class ParticipantIdCheckTests
{
    [Theory]
    [InlineData("0007:5569876542", "0007:5569876542")]
    [InlineData("iso6523-actorid-upis::0007:5569876542", "0007:5569876542")] // the SBDH authority prefix is dropped
    [InlineData("0088:7300010000001", "0088:7300010000001")]                   // GLN, GS1 mod-10
    [InlineData("0192:974760673", "0192:974760673")]                           // Norwegian organisation number, mod 11
    [InlineData("0184:10000017", "0184:10000017")]                             // Danish CVR, mod 11
    [InlineData("0184:DK10000017", "0184:DK10000017")]                         // ... with the DK prefix R042 accepts
    [InlineData("0060:123456789", "0060:123456789")]                           // D-U-N-S: list membership and a plain value
    [InlineData("9957:FR12345678901", "9957:FR12345678901")]
    public void A_valid_id_of_a_scheme_of_the_release_is_taken(string text, string parsed)
    {
        Assert.Null(ParticipantIdCheck.Failure(text, out var id));
        Assert.Equal(parsed, id.ToString());
    }

    [Theory]
    [InlineData("0007:5569876543", "Swedish organisation number")]  // Luhn check digit wrong
    [InlineData("0007:556987-6542", "Swedish organisation number")] // written with the dash: not the PEPPOL form
    [InlineData("0088:7300010000002", "GLN")]                       // GS1 check digit wrong
    [InlineData("0088:730001000000", "GLN")]                        // 12 digits
    [InlineData("0192:974760674", "Norwegian organisation number")]
    [InlineData("0192:97476067", "Norwegian organisation number")]
    [InlineData("0184:10000018", "Danish CVR")]
    [InlineData("0184:SE10000017", "Danish CVR")]
    [InlineData("9955:SE556987654201", "electronic address scheme")] // 9955 is no longer in the release's EAS list
    [InlineData("0001:123", "electronic address scheme")]            // never a scheme of the list
    [InlineData("0060:12 34", "identifier of scheme 0060")]
    [InlineData("0060:", "identifier of scheme 0060")]
    [InlineData("5569876542", "scheme:value form")]
    [InlineData("  ", "scheme:value form")]
    public void A_bad_id_is_refused_naming_the_check_that_failed(string text, string check)
    {
        var failure = ParticipantIdCheck.Failure(text, out var id);
        Assert.NotNull(failure);
        Assert.Contains(check, failure);
        Assert.Equal(default, id);
    }

    [Fact]
    public void The_schemes_are_the_release_list_not_typed_here()
    {
        Assert.DoesNotContain("9955", CodeLists.Eas);
        Assert.All(CodeLists.Eas, scheme => Assert.DoesNotContain("electronic address scheme", ParticipantIdCheck.Failure($"{scheme}:X", out _) ?? ""));
    }

    [Theory]
    [InlineData("SE556987654201", true)]
    [InlineData("SE556987654301", false)] // the organisation number's check digit is wrong
    [InlineData("SE556987654202", false)]
    [InlineData("5569876542", false)]
    public void A_Swedish_VAT_number_is_SE_a_valid_organisation_number_and_01(string value, bool valid) =>
        Assert.Equal(valid, SchemeIdentifierChecks.IsSwedishVatNumber(value));
}
