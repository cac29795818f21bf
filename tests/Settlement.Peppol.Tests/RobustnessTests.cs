using System.Xml.Linq;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Tests;

/// <summary>
/// Mangled documents never make validation throw: every variant of the official examples with one
/// element removed, or one value replaced by junk, gets a verdict with findings.
/// </summary>
public class RobustnessTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in new[] { "base-example.xml", "base-creditnote-correction.xml", "Allowance-example.xml" })
            data.Add(Conformance.Relative(Conformance.PathTo("peppol-billing-3", "examples", f)));
        data.Add(Conformance.Relative(Conformance.PathTo("peppol-ordering-3", "examples", "Order_Example.xml")));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_one_element_mutation_gets_a_verdict_without_exception(string file)
    {
        var original = XDocument.Load(Conformance.PathTo(file));
        var count = original.Root!.Descendants().Count();
        var checkedVariants = 0;
        for (var i = 0; i < count; i++)
        {
            foreach (var mutate in new Action<XElement>[] { e => e.Remove(), e => { if (!e.HasElements) e.Value = "-x1.5e9,"; }, e => e.RemoveAttributes() })
            {
                var copy = new XDocument(original);
                mutate(copy.Root!.Descendants().ElementAt(i));
                var bytes = System.Text.Encoding.UTF8.GetBytes(copy.ToString());
                var report = DocumentValidator.Validate(bytes);
                Assert.NotNull(report.DocumentType);
                checkedVariants++;
            }
        }
        Assert.True(checkedVariants > 100);
    }
}
