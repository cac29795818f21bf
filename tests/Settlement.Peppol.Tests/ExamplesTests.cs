using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Tests;

/// <summary>Every official example reads without error and passes the schema and the service's rules with no fatal finding.</summary>
public class ExamplesTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Conformance.FilesUnder("peppol-billing-3", "examples").Concat(Conformance.FilesUnder("peppol-ordering-3", "examples")))
            data.Add(Conformance.Relative(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Official_example_is_read_and_has_no_fatal_finding(string file)
    {
        var report = DocumentValidator.ValidateFile(Conformance.PathTo(file));
        Assert.NotNull(report.DocumentType);
        var fatal = report.Findings.Where(f => f.IsFatal).Select(f => f.ToString()).ToList();
        Assert.True(fatal.Count == 0, $"{file}: {string.Join("\n", fatal)}");
    }

    [Fact]
    public void Billing_examples_are_invoices_and_credit_notes()
    {
        var types = Conformance.FilesUnder("peppol-billing-3", "examples").Select(f => DocumentValidator.ValidateFile(f).DocumentType).ToList();
        Assert.Equal(9, types.Count);
        Assert.All(types, t => Assert.True(t is DocumentType.Invoice or DocumentType.CreditNote));
        Assert.Contains(DocumentType.CreditNote, types);
    }
}
