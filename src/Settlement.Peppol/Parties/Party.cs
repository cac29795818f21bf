using NodaTime;
using Settlement.Peppol.Identifiers;

namespace Settlement.Peppol.Parties;

/// <summary>A postal address as PEPPOL documents carry it (country as ISO 3166-1 alpha-2).</summary>
public sealed record PostalAddress(string Street, string City, string PostalZone, string CountryCode = "SE");

/// <summary>
/// A trading party (the buyer, or a provider) as every document needs it: legal name, Swedish
/// organisation number, PEPPOL participant id (the endpoint), VAT number and address.
/// </summary>
public sealed record Party(
    string Name,
    OrganisationNumber OrganisationNumber,
    ParticipantId ParticipantId,
    string? VatNumber,
    PostalAddress Address);

/// <summary>A provider (fristående aktör): the party and its agreement number (avtalsnummer, into Contract/ID).</summary>
public sealed record Provider(Party Party, string AgreementNumber);

/// <summary>
/// The buyer's identity and ordering settings: configuration, not data. The default is the
/// employment agency's public identity (organisation number 202100-2114, PEPPOL id 0007:2021002114);
/// its address and VAT number are plausible defaults documented in docs/decisions.md.
/// </summary>
public sealed record BuyerConfiguration(Party Party)
{
    /// <summary>How long after its last delivery date an order stays valid (T01 ValidityPeriod/EndDate).</summary>
    public Period OrderValidity { get; init; } = Period.FromYears(1);

    /// <summary>The document currency of everything the service orders.</summary>
    public string Currency { get; init; } = "SEK";

    public static BuyerConfiguration Default { get; } = new(new Party(
        "Arbetsförmedlingen",
        OrganisationNumber.Parse("2021002114"),
        ParticipantId.Parse("0007:2021002114"),
        "SE202100211401",
        new PostalAddress("Elektrogatan 4", "Solna", "17154", "SE")));
}

/// <summary>
/// A VAT category and rate (UNCL 5305 code and percent) from the tariff's <c>vat</c>:
/// standard rate S 25 % unless the tariff says otherwise.
/// </summary>
public sealed record VatRate(string Category, decimal Percent)
{
    public static VatRate Standard25 { get; } = new("S", 25m);

    /// <summary>The VAT on a net amount, rounded to öre (half away from zero).</summary>
    public decimal TaxOn(decimal net) => decimal.Round(net * Percent / 100m, 2, MidpointRounding.AwayFromZero);
}
