using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Responses;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Tests.Shared;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Peppol.Tests;

/// <summary>
/// Every kind of document the Peppol builders write, each with and without its optional parts, for
/// the official artefacts to judge in one batch (<see cref="OfficialArtefactBatch"/>): an optional
/// part that is never written in a test is a part the official rules never see until production.
/// </summary>
internal static class OfficialArtefactDocuments
{
    private static readonly Party Buyer = WorkedExample.Buyer.Party;
    private static readonly Party WithVat = WorkedExample.Provider.Party;

    /// <summary>The providers an order can go to: the seller party is where the order's data model is strictest.</summary>
    private static readonly (string Name, Provider Provider)[] Providers =
    [
        ("provider with VAT number", WorkedExample.Provider),
        ("provider without VAT number", WorkedExample.Provider with { Party = WithVat with { VatNumber = null } }),
        ("provider with blank street, city and postal zone", WorkedExample.Provider with { Party = WithVat with { Address = new PostalAddress("", " ", "", "SE") } }),
        ("provider with blank address, without VAT number",
            WorkedExample.Provider with { Party = WithVat with { VatNumber = null, Address = new PostalAddress(" ", "", " ", "SE") } }),
    ];

    /// <summary>The VAT of the tariff: standard 25 %, the reduced 12 %, and outside the scope of VAT (O, no percent).</summary>
    private static readonly VatRate[] OrderVat = [VatRate.Standard25, new("S", 12m), new("O", 0m)];

    /// <summary>The VAT categories a provider's invoice may carry: S 25 %, S 12 %, zero rated, exempt.</summary>
    private static readonly VatRate[] InvoiceVat = [VatRate.Standard25, new("S", 12m), new("Z", 0m), new("E", 0m)];

    private static string Vat(VatRate v) => v.Category == "O" ? "VAT O" : $"VAT {v.Category} {v.Percent:0.##} %";

    /// <summary>Base pay (one month, several months), speed bonus, result stages 1 and 2, supplement; bare and SBDH-wrapped.</summary>
    public static IEnumerable<OfficialDocument> Orders()
    {
        var oneMonth = WorkedExample.BasePay with { PeriodEnd = new LocalDate(2024, 3, 31), Months = [WorkedExample.BasePay.Months[0]] };
        var stage2 = WorkedExample.ResultStage1 with { Number = new PurchaseOrderNumber(new LocalDate(2024, 8, 21), 3), Stage = 2 };
        var supplement = WorkedExample.SpeedBonus with { Number = new PurchaseOrderNumber(new LocalDate(2024, 8, 21), 4), Kind = ResultPayment.Supplement, Amount = 2500m };
        var kinds = new (string Name, Func<Provider, VatRate, Order> Build)[]
        {
            ("base pay, one month", (p, v) => OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, oneMonth with { Provider = p, Vat = v })),
            ("base pay, several months", (p, v) => OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay with { Provider = p, Vat = v })),
            ("speed bonus", (p, v) => OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.SpeedBonus with { Provider = p, Vat = v })),
            ("result stage 1", (p, v) => OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.ResultStage1 with { Provider = p, Vat = v })),
            ("result stage 2", (p, v) => OrderBuilder.BuildResultOrder(WorkedExample.Buyer, stage2 with { Provider = p, Vat = v })),
            ("supplement", (p, v) => OrderBuilder.BuildResultOrder(WorkedExample.Buyer, supplement with { Provider = p, Vat = v })),
        };
        foreach (var (kind, build) in kinds)
        foreach (var (who, provider) in Providers)
        foreach (var vat in OrderVat)
        {
            var order = build(provider, vat);
            var bytes = UblWriter.Write(order);
            var name = $"order {order.ID}, {kind}, {who}, {Vat(vat)}";
            yield return new OfficialDocument(name + ", bare UBL", bytes);
            // As the worker sends it (src/Settlement.Worker/Orders/OrderDocuments.cs): buyer to provider.
            var envelope = SbdhEnvelope.For(DocumentType.Order, Buyer.ParticipantId, provider.Party.ParticipantId,
                $"order-{order.ID}", Instant.FromUtc(2024, 3, 11, 6, 0));
            yield return new OfficialDocument(name + ", SBDH", SbdhCodec.Wrap(bytes, envelope));
        }
    }

    private static readonly string[] ReasonCodes = ["NON", "REF", "LEG", "REC", "QUA", "DEL", "PRI", "QTY", "ITM", "PAY", "UNR", "FIN", "PPD", "OTH"];
    private static readonly string[] ActionCodes = ["NOA", "PIN", "NIN", "CNF", "CNP", "CNA", "OTH"];

    /// <summary>
    /// AP; RE and UQ with each OPStatusReason code the builder accepts, with and without an action
    /// (every OPStatusAction code in turn); UQ as the service sends it (QTY, a note, CNF and NIN);
    /// PD with its effective date, also with a partial payment (PPD) — each answering an invoice and a credit note.
    /// </summary>
    public static IEnumerable<OfficialDocument> Responses()
    {
        var n = 0;
        foreach (var answered in new[] { DocumentType.Invoice, DocumentType.CreditNote })
        {
            var what = answered == DocumentType.Invoice ? "an invoice" : "a credit note";
            InvoiceResponseRequest R(InvoiceResponseCode code, IReadOnlyList<StatusReason>? reasons = null, IReadOnlyList<StatusAction>? actions = null,
                string? note = null, LocalDate? effective = null, bool issueDate = false) =>
                new($"R-{++n}", new LocalDate(2024, 6, 4), Buyer, WithVat, answered == DocumentType.Invoice ? "F2024-0042" : "K2024-0007", answered, code,
                    reasons, actions, note, effective, issueDate ? new LocalDate(2024, 6, 3) : null);
            var requests = new List<(string Name, InvoiceResponseRequest Request)>
            {
                ("AP", R(InvoiceResponseCode.AP)),
                ("AP with the answered document's issue date", R(InvoiceResponseCode.AP, issueDate: true)),
                ("RE REF without a reason text", R(InvoiceResponseCode.RE, [new StatusReason("REF")])),
                ("UQ QTY with a note, CNF and NIN, as the service sends it", R(InvoiceResponseCode.UQ,
                    [new StatusReason("QTY", "Levererat 16,50 dagar; fakturerat 31,00 dagar.")],
                    [new StatusAction("CNF", "Skicka en kreditnota på hela fakturabeloppet."), new StatusAction("NIN", "Skicka därefter en ny, korrekt faktura.")],
                    "Fakturan är ifrågasatt.", issueDate: true)),
                ("PD with effective date", R(InvoiceResponseCode.PD, effective: new LocalDate(2024, 7, 3), issueDate: true)),
                ("PD with effective date and PPD (partial payment)", R(InvoiceResponseCode.PD, [new StatusReason("PPD", "Delbetalt 1 000,00 kr.")],
                    effective: new LocalDate(2024, 7, 3))),
            };
            for (var i = 0; i < ReasonCodes.Length; i++)
            foreach (var code in new[] { InvoiceResponseCode.RE, InvoiceResponseCode.UQ })
            {
                var reason = new StatusReason(ReasonCodes[i], $"Skäl {ReasonCodes[i]}.");
                var action = ActionCodes[i % ActionCodes.Length];
                requests.Add(($"{code} {reason.Code}", R(code, [reason], issueDate: i % 2 == 0)));
                requests.Add(($"{code} {reason.Code} with action {action}", R(code, [reason], [new StatusAction(action, $"Åtgärd {action}.")])));
            }
            foreach (var (name, request) in requests)
                yield return new OfficialDocument($"response {request.ResponseId}, {name}, answering {what}",
                    UblWriter.Write(InvoiceResponseBuilder.Build(request)));
        }
    }

    /// <summary>Invoice requests with and without period, payee (bankgiro), placement id and agreement, in every VAT category.</summary>
    private static IEnumerable<(string Name, InvoiceRequest Request)> InvoiceRequests()
    {
        var n = 0;
        foreach (var vat in InvoiceVat)
        for (var parts = 0; parts < 16; parts++)
        {
            bool period = (parts & 1) != 0, payee = (parts & 2) != 0, placement = (parts & 4) != 0, agreement = (parts & 8) != 0;
            // With a period it is a base-pay month (DAY); without, a result-based line (C62), as the provider portal writes them.
            var request = WorkedExample.MayInvoice with
            {
                InvoiceNumber = $"F2024-{++n:D4}", Vat = vat,
                Period = period ? WorkedExample.MayInvoice.Period : null,
                PayTo = payee ? WorkedExample.MayInvoice.PayTo : null,
                PlacementId = placement ? WorkedExample.Placement : null,
                AgreementNumber = agreement ? WorkedExample.MayInvoice.AgreementNumber : null,
            };
            if (!period)
                request = request with { OrderNumber = WorkedExample.SpeedBonus.Number, OrderLineId = "1", ItemName = OrderBuilder.SpeedBonusItem, Quantity = 1, UnitCode = "C62", Price = 7060.02m };
            var name = $"{request.InvoiceNumber}, {Vat(vat)}, {(period ? "with" : "without")} period, {(payee ? "with" : "without")} payee, " +
                       $"{(placement ? "with" : "without")} placement id, {(agreement ? "with" : "without")} agreement";
            yield return (name, request);
        }
    }

    public static IEnumerable<OfficialDocument> Invoices() =>
        InvoiceRequests().Select(r => new OfficialDocument($"invoice {r.Name}", UblWriter.Write(InvoiceBuilder.BuildInvoice(r.Request))));

    /// <summary>The full credit of each invoice, as a provider sends it after a dispute.</summary>
    public static IEnumerable<OfficialDocument> CreditNotes() =>
        InvoiceRequests().Select(r => new OfficialDocument($"credit note of {r.Name}",
            UblWriter.Write(InvoiceBuilder.BuildFullCredit(r.Request, "K" + r.Request.InvoiceNumber[1..], new LocalDate(2024, 6, 10)))));

    /// <summary>
    /// An order as OrderBuilder wrote them before PEPPOL-T01-B07204 was fixed, the seller party with
    /// its VAT number in a PartyTaxScheme: the worked example's base-pay order, copied from
    /// samples/orders as of commit d03aa06 (the golden file of that OrderBuilder's output).
    /// </summary>
    public const string SellerTaxSchemeFixture = "tests/Settlement.Peppol.Tests/Fixtures/order-seller-party-tax-scheme.xml";
}
