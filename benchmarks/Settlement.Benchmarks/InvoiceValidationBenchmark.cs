using BenchmarkDotNet.Attributes;
using NodaTime;
using Settlement.Peppol.Conformance;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Benchmarks;

/// <summary>
/// Inbound invoices read and validated per second on one core: safe parse + UBL 2.1 schema (same
/// pass) + every applicable C# rule. Target ≥ 5,000/s (the official Schematron engine manages
/// about 300). Run: dotnet run -c Release --project benchmarks/Settlement.Benchmarks -- --filter '*InvoiceValidation*'
/// </summary>
[MemoryDiagnoser]
public class InvoiceValidationBenchmark
{
    private byte[] _providerInvoice = [];
    private byte[] _providerInvoiceInEnvelope = [];
    private byte[] _officialExample = [];
    private byte[][] _officialExamples = [];
    private byte[] _largeInvoice = [];

    [GlobalSetup]
    public void Setup()
    {
        var provider = new Party("Exempel Rusta AB", OrganisationNumber.Parse("5569876542"), ParticipantId.Parse("0007:5569876542"),
            "SE556987654201", new PostalAddress("Storgatan 1", "Umeå", "90326"));
        var request = new InvoiceRequest("F2024-0042", new LocalDate(2024, 6, 3), new LocalDate(2024, 7, 3), provider, BuyerConfiguration.Default.Party,
            PurchaseOrderNumber.Parse("IN240311-1"), "3", "Grundersättning", 16.5m, "DAY", 61.93m, VatRate.Standard25,
            "GR-2024-000101", new DateInterval(new LocalDate(2024, 5, 1), new LocalDate(2024, 5, 31)), new Bankgiro("5050-1055"), "AVT-2023-0117");
        _providerInvoice = UblWriter.Write(InvoiceBuilder.BuildInvoice(request));
        _providerInvoiceInEnvelope = SbdhCodec.Wrap(_providerInvoice, SbdhEnvelope.For(DocumentType.Invoice, provider.ParticipantId,
            BuyerConfiguration.Default.Party.ParticipantId, "7f0c5f4e-2b8e-4c1e-9d1b-2c9d6a1f0001", Instant.FromUtc(2024, 6, 3, 8, 0)));
        var examples = Path.Combine(ConformanceLocator.Require(), "peppol-billing-3", "examples");
        _officialExamples = Directory.GetFiles(examples, "*.xml").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        _officialExample = File.ReadAllBytes(Path.Combine(examples, "base-example.xml"));
        _largeInvoice = LargeInvoice.Make(Path.Combine(examples, "vat-category-Z.xml"), 500);
        if (!DocumentValidator.Validate(_largeInvoice).Valid)
            throw new InvalidOperationException("The 500-line invoice should be valid: " + string.Join("; ", DocumentValidator.Validate(_largeInvoice).Findings.Take(5)));
        if (UblSchemas.Set is null) throw new InvalidOperationException("UBL 2.1 schemas not found; the benchmark would not measure schema validation.");
        if (!DocumentValidator.Validate(_providerInvoice).Valid || !DocumentValidator.Validate(_providerInvoiceInEnvelope).Valid)
            throw new InvalidOperationException("The benchmark invoice should be valid.");
    }

    /// <summary>A single-line provider invoice as the service receives them (about 5 kB).</summary>
    [Benchmark(Baseline = true)]
    public bool ProviderInvoice() => DocumentValidator.Validate(_providerInvoice).Valid;

    /// <summary>The same invoice as it arrives over PEPPOL, in its SBDH envelope (the payload is schema-checked while it is parsed).</summary>
    [Benchmark]
    public bool ProviderInvoiceInEnvelope() => DocumentValidator.Validate(_providerInvoiceInEnvelope).Valid;

    /// <summary>The official PEPPOL base example (two lines, allowances, about 9 kB).</summary>
    [Benchmark]
    public bool OfficialBaseExample() => DocumentValidator.Validate(_officialExample).Valid;

    /// <summary>An invoice of 500 lines (about 0.6 MB): the cost per line of the schema and every line rule.</summary>
    [Benchmark]
    public bool LargeInvoice500Lines() => DocumentValidator.Validate(_largeInvoice).Valid;

    /// <summary>All nine official billing examples, one after the other (OperationsPerInvoke = 9).</summary>
    [Benchmark(OperationsPerInvoke = 9)]
    public int AllOfficialExamples()
    {
        var valid = 0;
        foreach (var bytes in _officialExamples) if (DocumentValidator.Validate(bytes).Valid) valid++;
        return valid;
    }
}
