using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using U = Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Orders;

/// <summary>
/// Builds PEPPOL BIS Order only 3 (T01) documents: the base-pay order of a placement period
/// (one line per calendar month, unit DAY) and the result-based orders (one line, unit C62).
/// Pure: no clock, no database; the same request always gives the same document.
/// </summary>
public static class OrderBuilder
{
    public const string BasePayItem = "Grundersättning";
    public const string SpeedBonusItem = "Snabbhetspremie";
    public const string ResultItem = "Resultatersättning";
    public const string SupplementItem = "Tilläggsersättning";

    /// <summary>The base-pay order of one placement period.</summary>
    public static U.Order BuildBasePayOrder(BuyerConfiguration buyer, BasePayOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(request);
        CheckPlacementId(request.PlacementId);
        if (request.Months.Count == 0) throw new ArgumentException("A base-pay order has at least one month.", nameof(request));
        if (request.DailyRate < 0) throw new ArgumentException("The daily rate cannot be negative.", nameof(request));
        var currency = buyer.Currency;
        var lines = new List<U.OrderLine>();
        var lineNo = 0;
        foreach (var month in request.Months.OrderBy(m => m.From))
        {
            if (month.From < request.PeriodStart || month.To > request.PeriodEnd || month.To < month.From)
                throw new ArgumentException($"Month {month.Month} ({month.From}–{month.To}) is not inside the period {request.PeriodStart}–{request.PeriodEnd}.", nameof(request));
            lineNo++;
            lines.Add(Line(lineNo, month.PlannedDays, "DAY", request.DailyRate, month.PlannedAmount, currency,
                BasePayItem, $"Grundersättning {month.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)}",
                month.From, month.To, request.Vat));
        }
        var order = Header(buyer, request.Provider, request.Number.ToString(), request.IssueDate, request.PlacementId,
            request.PeriodEnd.Plus(buyer.OrderValidity), lines, request.Vat, currency);
        order.Note.Add($"Grundersättning period {request.PeriodNumber}, {UblFormat.Date(request.PeriodStart)}–{UblFormat.Date(request.PeriodEnd)}");
        return order;
    }

    /// <summary>A result-based order (speed bonus, one result stage, or a supplement): a new order per earned event.</summary>
    public static U.Order BuildResultOrder(BuyerConfiguration buyer, ResultOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(request);
        CheckPlacementId(request.PlacementId);
        if (request.Amount < 0) throw new ArgumentException("An ordered amount cannot be negative.", nameof(request));
        if (request.Kind == ResultPayment.Result && request.Stage is not (1 or 2))
            throw new ArgumentException("A result order names its stage (1 or 2).", nameof(request));
        var name = ItemName(request.Kind, request.Stage);
        var line = Line(1, 1, "C62", request.Amount, request.Amount, buyer.Currency, name, name,
            request.EarnedOn, request.EarnedOn, request.Vat);
        var order = Header(buyer, request.Provider, request.Number.ToString(), request.IssueDate, request.PlacementId,
            request.IssueDate.Plus(buyer.OrderValidity), [line], request.Vat, buyer.Currency);
        order.Note.Add($"{name}, intjänad {UblFormat.Date(request.EarnedOn)}");
        return order;
    }

    /// <summary>The article name of a result-based order line.</summary>
    public static string ItemName(ResultPayment kind, int? stage) => kind switch
    {
        ResultPayment.SpeedBonus => SpeedBonusItem,
        ResultPayment.Result => $"{ResultItem} steg {stage}",
        ResultPayment.Supplement => SupplementItem,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void CheckPlacementId(string placementId)
    {
        if (string.IsNullOrWhiteSpace(placementId) || placementId.Any(char.IsWhiteSpace))
            throw new ArgumentException("The genomförandereferens (placement id) is required and has no spaces.", nameof(placementId));
    }

    private static U.OrderLine Line(int id, decimal quantity, string unit, decimal price, decimal amount, string currency,
        string itemName, string description, NodaTime.LocalDate from, NodaTime.LocalDate to, VatRate vat) => new()
    {
        LineItem = new U.LineItem
        {
            ID = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Quantity = Quantity.Of(quantity, unit),
            LineExtensionAmount = Amount.Of(amount, currency),
            Delivery = new U.Delivery { RequestedDeliveryPeriod = new U.Period { StartDate = UblFormat.Date(from), EndDate = UblFormat.Date(to) } },
            Price = new U.Price { PriceAmount = Amount.Price(price, currency) },
            Item = new U.Item
            {
                Description = description == itemName ? null : description,
                Name = itemName,
                ClassifiedTaxCategory = TaxCategoryOf(vat),
            },
        },
    };

    internal static U.TaxCategory TaxCategoryOf(VatRate vat) => new()
    {
        ID = vat.Category,
        Percent = vat.Category == "O" ? null : UblFormat.Percent(vat.Percent),
    };

    private static U.Order Header(BuyerConfiguration buyer, Provider provider, string id, NodaTime.LocalDate issueDate,
        string placementId, NodaTime.LocalDate validUntil, List<U.OrderLine> lines, VatRate vat, string currency)
    {
        var net = lines.Sum(l => decimal.Parse(l.LineItem!.LineExtensionAmount!.Value, System.Globalization.CultureInfo.InvariantCulture));
        var tax = vat.TaxOn(net);
        return new U.Order
        {
            ID = id,
            IssueDate = UblFormat.Date(issueDate),
            DocumentCurrencyCode = currency,
            ValidityPeriod = new U.Period { EndDate = UblFormat.Date(validUntil) },
            Contract = new U.Contract { ID = provider.AgreementNumber },
            ProjectReference = new U.ProjectReference { ID = placementId },
            BuyerCustomerParty = new U.CustomerParty { Party = UblParty(buyer.Party, vatRegistration: true) },
            // BIS Order 3's seller party has no PartyTaxScheme (PEPPOL-T01-B07204): the provider's
            // VAT number is not part of the order's data model, so it is left out (docs/decisions.md).
            SellerSupplierParty = new U.SupplierParty { Party = UblParty(provider.Party, vatRegistration: false) },
            TaxTotal = new U.TaxTotal { TaxAmount = Amount.Of(tax, currency) },
            AnticipatedMonetaryTotal = new U.MonetaryTotal
            {
                LineExtensionAmount = Amount.Of(net, currency),
                TaxExclusiveAmount = Amount.Of(net, currency),
                TaxInclusiveAmount = Amount.Of(net + tax, currency),
                PayableAmount = Amount.Of(net + tax, currency),
            },
            OrderLine = lines,
        };
    }

    /// <summary>
    /// A party with endpoint, name, address, legal entity (scheme 0007) and, where the document's
    /// data model has one for this role and the party has a VAT number, its VAT registration.
    /// </summary>
    internal static U.Party UblParty(Parties.Party party, bool vatRegistration) => new()
    {
        EndpointID = Identifier.Of(party.ParticipantId.Value, party.ParticipantId.Scheme),
        PartyIdentification = [new U.PartyIdentification { ID = Identifier.Of(party.OrganisationNumber.Value, "0007") }],
        PartyName = [new U.PartyName { Name = party.Name }],
        PostalAddress = new U.Address
        {
            StreetName = NullIfBlank(party.Address.Street),
            CityName = NullIfBlank(party.Address.City),
            PostalZone = NullIfBlank(party.Address.PostalZone),
            Country = new U.Country { IdentificationCode = party.Address.CountryCode },
        },
        PartyTaxScheme = !vatRegistration || string.IsNullOrWhiteSpace(party.VatNumber) ? [] : [new U.PartyTaxScheme { CompanyID = party.VatNumber }],
        PartyLegalEntity = [new U.PartyLegalEntity { RegistrationName = party.Name, CompanyID = Identifier.Of(party.OrganisationNumber.Value, "0007") }],
    };

    internal static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
