using BenchmarkDotNet.Attributes;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Benchmarks;

/// <summary>
/// Outbound orders read back and validated per second on one core, as the order run checks each
/// one before it is issued: safe parse + UBL 2.1 schema + every T01 rule, the generated data-model
/// rules (PEPPOL-T01-B*) included. Run: dotnet run -c Release --project benchmarks/Settlement.Benchmarks -- --filter '*OrderValidation*'
/// </summary>
[MemoryDiagnoser]
public class OrderValidationBenchmark
{
    private byte[] _basePay = [];
    private byte[] _result = [];

    [GlobalSetup]
    public void Setup()
    {
        var provider = new Provider(new Party("Exempel Rusta AB", OrganisationNumber.Parse("5569876542"), ParticipantId.Parse("0007:5569876542"),
            "SE556987654201", new PostalAddress("Storgatan 1", "Umeå", "90326")), "AVT-2023-0117");
        var buyer = BuyerConfiguration.Default;
        var months = Enumerable.Range(3, 7).Select(m => new BasePayMonth(new YearMonth(2024, m), new LocalDate(2024, m, 1),
            new LocalDate(2024, m, 1).PlusMonths(1).PlusDays(-1), 30, 1857.90m)).ToList();
        var basePay = OrderBuilder.BuildBasePayOrder(buyer, new BasePayOrderRequest(new PurchaseOrderNumber(new LocalDate(2024, 3, 11), 1),
            new LocalDate(2024, 3, 11), "GR-2024-000101", 1, new LocalDate(2024, 3, 1), new LocalDate(2024, 9, 30), 61.93m, months, provider, VatRate.Standard25));
        var result = OrderBuilder.BuildResultOrder(buyer, new ResultOrderRequest(new PurchaseOrderNumber(new LocalDate(2024, 8, 21), 2),
            new LocalDate(2024, 8, 21), "GR-2024-000101", ResultPayment.Result, 1, 12386.00m, new LocalDate(2024, 8, 20), provider, VatRate.Standard25));
        _basePay = Wrap(UblWriter.Write(basePay), buyer, provider, "7f0c5f4e-2b8e-4c1e-9d1b-2c9d6a1f0101");
        _result = Wrap(UblWriter.Write(result), buyer, provider, "7f0c5f4e-2b8e-4c1e-9d1b-2c9d6a1f0102");
        if (UblSchemas.Set is null) throw new InvalidOperationException("UBL 2.1 schemas not found; the benchmark would not measure schema validation.");
        if (!DocumentValidator.Validate(_basePay).Valid || !DocumentValidator.Validate(_result).Valid)
            throw new InvalidOperationException("The benchmark orders should be valid.");
    }

    private static byte[] Wrap(byte[] order, BuyerConfiguration buyer, Provider provider, string instanceId) =>
        SbdhCodec.Wrap(order, SbdhEnvelope.For(DocumentType.Order, buyer.Party.ParticipantId, provider.Party.ParticipantId,
            instanceId, Instant.FromUtc(2024, 3, 11, 5, 0)));

    /// <summary>A base-pay order of seven monthly lines in its SBDH, as the order run writes it (about 8 kB).</summary>
    [Benchmark(Baseline = true)]
    public bool BasePayOrder() => DocumentValidator.Validate(_basePay).Valid;

    /// <summary>A one-line result order in its SBDH.</summary>
    [Benchmark]
    public bool ResultOrder() => DocumentValidator.Validate(_result).Valid;

    private static readonly InboundOptions RulesOnly = new() { ValidateSchema = false };

    /// <summary>The base-pay order read back without the schema pass, every rule run.</summary>
    [Benchmark]
    public bool BasePayOrderRulesOnly() => DocumentValidator.Validate(InboundReader.Read(_basePay, RulesOnly)).Valid;

    /// <summary>The result order read back without the schema pass, every rule run.</summary>
    [Benchmark]
    public bool ResultOrderRulesOnly() => DocumentValidator.Validate(InboundReader.Read(_result, RulesOnly)).Valid;
}
