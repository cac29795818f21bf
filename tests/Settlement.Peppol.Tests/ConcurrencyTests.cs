using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Tests;

/// <summary>The cached schema set and the rules are shared by every thread; concurrent validation gives the same verdicts.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Validating_in_parallel_gives_the_same_verdicts_as_one_by_one()
    {
        var files = Conformance.FilesUnder("peppol-billing-3", "examples").ToList();
        var broken = File.ReadAllText(files[0]).Replace("<cbc:IssueDate>", "<cbc:Bogus>x</cbc:Bogus><cbc:IssueDate>");
        var inputs = files.Select(File.ReadAllBytes).Append(System.Text.Encoding.UTF8.GetBytes(broken)).ToArray();
        var expected = inputs.Select(b => string.Join("|", DocumentValidator.Validate(b).Findings.Select(f => f.Rule))).ToArray();
        var results = new string[inputs.Length * 40];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = string.Join("|", DocumentValidator.Validate(inputs[i % inputs.Length]).Findings.Select(f => f.Rule)));
        for (var i = 0; i < results.Length; i++) Assert.Equal(expected[i % inputs.Length], results[i]);
        Assert.Contains(SettleRules.Schema, expected[^1]);
    }
}
