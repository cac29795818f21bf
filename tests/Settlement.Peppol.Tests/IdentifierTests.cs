using NodaTime;
using Settlement.Peppol.Identifiers;

namespace Settlement.Peppol.Tests;

public class IdentifierTests
{
    [Theory]
    [InlineData("5569876542", true)]
    [InlineData("556987-6542", true)]
    [InlineData("2021002114", true)]
    [InlineData("5569876543", false)]
    [InlineData("556987654", false)]
    [InlineData("55698765ab", false)]
    public void Organisation_numbers_need_ten_digits_and_a_Luhn_check_digit(string text, bool ok) =>
        Assert.Equal(ok, OrganisationNumber.TryParse(text, out _));

    [Theory]
    [InlineData("556987654", "5569876542")]
    [InlineData("202100211", "2021002114")]
    public void The_check_digit_is_computed_for_nine_digits(string nine, string expected)
    {
        Assert.Equal(expected, OrganisationNumber.WithCheckDigit(nine).Value);
        Assert.Throws<FormatException>(() => OrganisationNumber.WithCheckDigit(nine + "0"));
        Assert.Throws<FormatException>(() => OrganisationNumber.WithCheckDigit("55698765a"));
    }

    [Fact]
    public void Purchase_order_numbers_round_trip()
    {
        var n = PurchaseOrderNumber.Parse("IN240311-17");
        Assert.Equal(new LocalDate(2024, 3, 11), n.IssueDate);
        Assert.Equal(17, n.Serial);
        Assert.Equal("IN240311-17", n.ToString());
        Assert.Equal("IN240821-2", new PurchaseOrderNumber(new LocalDate(2024, 8, 21), 2).ToString());
    }

    [Theory]
    [InlineData("IN240311-0")]
    [InlineData("IN240311-017")]
    [InlineData("IN241311-1")]
    [InlineData("UT240311-1")]
    [InlineData("IN240311")]
    [InlineData("IN240311-")]
    public void Malformed_purchase_order_numbers_are_refused(string text) =>
        Assert.False(PurchaseOrderNumber.TryParse(text, out _));

    [Fact]
    public void Participant_ids_are_scheme_and_value()
    {
        var p = ParticipantId.Parse("0007:5569876542");
        Assert.Equal("0007", p.Scheme);
        Assert.Equal("5569876542", p.Value);
        Assert.Equal(p, ParticipantId.Parse("iso6523-actorid-upis::0007:5569876542"));
        Assert.False(ParticipantId.TryParse("0007:5569876543", out _)); // a 0007 value is an organisation number
        Assert.False(ParticipantId.TryParse("5569876542", out _));
        Assert.Equal(p, OrganisationNumber.Parse("5569876542").ToParticipantId());
    }
}
