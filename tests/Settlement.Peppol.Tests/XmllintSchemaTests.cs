using System.Diagnostics;
using NodaTime;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Responses;
using Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Tests;

/// <summary>
/// A second, independent schema check: libxml2's xmllint validates every kind of document the
/// service writes (and the committed sample orders) against the OASIS UBL 2.1 schemas, so the
/// schema verdict does not rest on .NET's validator alone. run-tests installs xmllint.
/// </summary>
public class XmllintSchemaTests
{
    private static string? Xmllint =>
        new[] { "/usr/bin/xmllint", "/usr/local/bin/xmllint" }.FirstOrDefault(File.Exists);

    private static (int Code, string Output) Lint(string schema, string file)
    {
        var psi = new ProcessStartInfo(Xmllint!, ["--noout", "--nonet", "--schema", schema, file]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    public static TheoryData<string> Documents() => new() { "order-base", "order-speed", "invoice", "credit-note", "response-UQ", "response-AP", "sample-orders" };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Written_documents_pass_xmllint_against_UBL_2_1(string which)
    {
        if (Xmllint is null) Assert.Fail("xmllint is not installed (apt-get install libxml2-utils); run-tests installs it.");
        var maindoc = Conformance.PathTo("ubl-2.1", "xsd", "maindoc");
        var docs = which switch
        {
            "order-base" => [("Order", UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay)))],
            "order-speed" => [("Order", UblWriter.Write(OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.SpeedBonus)))],
            "invoice" => [("Invoice", UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.MayInvoice)))],
            "credit-note" => [("CreditNote", UblWriter.Write(InvoiceBuilder.BuildFullCredit(WorkedExample.MayInvoice, "K1", new LocalDate(2024, 6, 10))))],
            "response-UQ" => [("ApplicationResponse", UblWriter.Write(InvoiceResponseBuilder.Build(WrittenDocumentsTests.Response("UQ"))))],
            "response-AP" => [("ApplicationResponse", UblWriter.Write(InvoiceResponseBuilder.Build(WrittenDocumentsTests.Response("AP"))))],
            _ => Directory.GetFiles(Path.Combine(GoldenFile.RepoRoot, "samples", "orders"), "*.xml").Select(f => ("Order", File.ReadAllBytes(f))).ToArray(),
        };
        Assert.NotEmpty(docs);
        foreach (var (type, bytes) in docs)
        {
            var file = Path.Combine(Path.GetTempPath(), $"settlement-{Guid.NewGuid():N}.xml");
            File.WriteAllBytes(file, bytes);
            try
            {
                var (code, output) = Lint(Path.Combine(maindoc, $"UBL-{type}-2.1.xsd"), file);
                Assert.True(code == 0, $"{which}: {output}");
            }
            finally { File.Delete(file); }
        }
    }
}
