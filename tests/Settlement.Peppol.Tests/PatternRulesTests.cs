using System.Xml.Linq;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Peppol.Validation.Release;
using static Settlement.Peppol.Tests.PatternRuleCases;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The EN 16931 rules generated as data (UBL-SR-*, UBL-DT-01/06/07, UBL-CR-666/673, BR-CL-*) give
/// the official verdict: on documents made from the official examples to break each one (every
/// cardinality rule the same way, from its own test), and on their valid counterparts, our validator
/// and the official artefacts fire the same ids.
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public class PatternRulesTests
{
    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;

    private static bool Fires(XElement root, string id) =>
        DocumentValidator.RunRules(root, root.Name.LocalName == "Invoice" ? DocumentType.Invoice : DocumentType.CreditNote, new HashSet<string> { id }).Count > 0;

    /// <summary>
    /// Where the simplest break (a copy of the path's last node, in the first example that has it)
    /// makes the official PEPPOL artefact stop with a type error instead of giving a verdict (it casts
    /// the one value it expects), so there is nothing to compare: copy the node that many steps up, or
    /// start from that example.
    /// </summary>
    private static readonly Dictionary<string, (int Up, string? Example)> Breaks = new()
    {
        ["UBL-SR-37"] = (1, null),           // two discount amounts in one price allowance: PEPPOL-EN16931-R046 casts the amount; two allowances instead
        ["UBL-SR-08"] = (0, "base-example"), // with line periods, PEPPOL-EN16931-R110 casts the document's one start date
    };

    /// <summary>Every UBL-SR rule broken and kept: the cardinality ones from their tests, the three others by hand.</summary>
    private static List<(string Name, XElement Document, string Rule, bool Fires)> StructuralCases(List<string> unbroken)
    {
        var cases = new List<(string, XElement, string, bool)>();
        foreach (var (context, assertion) in Assertions().Where(x => x.Assertion.Id.StartsWith("UBL-SR-", StringComparison.Ordinal)))
        {
            if (Cardinality(XPathParser.Parse(assertion.Argument)) is not var (path, max)) continue;
            var (up, only) = Breaks.GetValueOrDefault(assertion.Id);
            var found = ContextNode(context, (_, node) => Select(node, path).Count > 0, only);
            if (found is not var (example, root, node)) { unbroken.Add($"{assertion.Id}: no context"); continue; }
            if (Select(node, path).Count == 0 && !Build(node, path)) { unbroken.Add($"{assertion.Id}: cannot build {path}"); continue; }
            MeetOtherConditions(node, XPathParser.Parse(assertion.Argument));
            var distinct = assertion.Argument.Contains("preceding::", StringComparison.Ordinal);
            var kept = new XElement(root);
            var keptNode = kept.DescendantsAndSelf().ElementAt(root.DescendantsAndSelf().TakeWhile(e => e != node).Count());
            if (!Fill(keptNode, path, max, distinct, up) || !Fill(node, path, max + 1, distinct, up)) { unbroken.Add($"{assertion.Id}: cannot fill {path}"); continue; }
            if (!Fires(root, assertion.Id) || Fires(kept, assertion.Id)) { unbroken.Add($"{assertion.Id}: our validator does not see the break"); continue; }
            cases.Add(($"{assertion.Id}-broken-{example}", root, assertion.Id, true));
            cases.Add(($"{assertion.Id}-kept-{example}", kept, assertion.Id, false));
        }

        var credit = Examples.First(e => e.Root.Name.LocalName == "CreditNote").Root;
        var invoice = Examples.First(e => e.Name == "base-example").Root;
        // UBL-SR-07: a preceding invoice reference without its number.
        var sr07 = new XElement(credit);
        sr07.Descendants(Cac + "InvoiceDocumentReference").First().Element(Cbc + "ID")!.Remove();
        cases.Add(("UBL-SR-07-broken", sr07, "UBL-SR-07", true));
        cases.Add(("UBL-SR-07-kept", new XElement(credit), "UBL-SR-07", false));
        // UBL-SR-43: a scheme on a document reference other than an invoiced object (50 is one only in a credit note).
        foreach (var (doc, fires) in new[] { (invoice, true), (credit, false) })
        {
            var d = new XElement(doc);
            (d.Elements(Cac + "AdditionalDocumentReference").LastOrDefault() ?? d.Element(Cac + "AccountingSupplierParty")!.ElementsBeforeSelf().Last())
                .AddAfterSelf(new XElement(Cac + "AdditionalDocumentReference", new XElement(Cbc + "ID", new XAttribute("schemeID", "AAA"), "P-1"), new XElement(Cbc + "DocumentTypeCode", "50")));
            cases.Add(($"UBL-SR-43-{d.Name.LocalName}", d, "UBL-SR-43", fires));
        }
        // UBL-SR-53: a tax scheme without its company id.
        var sr53 = new XElement(invoice);
        sr53.Descendants(Cac + "PartyTaxScheme").First().Element(Cbc + "CompanyID")!.Remove();
        cases.Add(("UBL-SR-53-broken", sr53, "UBL-SR-53", true));
        return cases;
    }

    /// <summary>The conditions after the cardinality in an and-chain (<c>A != B</c>, A a path from the context: the payee's name not the seller's) made true.</summary>
    private static void MeetOtherConditions(XElement node, XPathExpr test)
    {
        if (test is not BinaryExpr { Operator: "and" } and) return;
        MeetOtherConditions(node, and.Left);
        if (and.Right is BinaryExpr { Operator: "!=", Left: PathExpr { Start: PathStart.Relative } a } && Select(node, a).Count == 0
            && Materialize(node, a.Steps) is { } leaf)
            leaf.Value = "Another name than the other";
    }

    /// <summary>Makes the path select one node from the context (its steps built as children, an attribute set).</summary>
    private static bool Build(XElement node, XPathExpr path)
    {
        if (path is not PathExpr { Steps: var steps } p) return false;
        var from = p.Start == PathStart.Relative ? node : node.AncestorsAndSelf().Last();
        var elementSteps = steps.Where(s => s is not AxisStep { IsDescendantOrSelfNode: true }).ToList();
        if (elementSteps.Count > 0 && elementSteps[^1] is AxisStep { Axis: "attribute" } attribute)
        {
            if (Materialize(from, elementSteps[..^1]) is not { } owner) return false;
            owner.SetAttributeValue(attribute.Test.Local!, "x");
        }
        else if (Materialize(from, elementSteps) is null) return false;
        return Select(node, path).Count > 0;
    }

    [Fact]
    public void Every_structural_rule_breaks_here_and_officially_and_its_counterpart_does_not()
    {
        var unbroken = new List<string>();
        var cases = StructuralCases(unbroken);
        Assert.Empty(unbroken);
        var official = Assertions().Select(a => a.Assertion.Id).Where(id => id.StartsWith("UBL-SR-", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(54, official.Count);
        if (Environment.GetEnvironmentVariable("DUMP_CASES") is { } dump)
            for (var i = 0; i < cases.Count; i++) cases[i].Document.Save(Path.Combine(dump, $"{i:D6}-{cases[i].Name}.xml"));
        Assert.Equal(official.Order(StringComparer.Ordinal), cases.Where(c => c.Fires).Select(c => c.Rule).Distinct().Order(StringComparer.Ordinal));
        RuleCases.AssertAgreeWithTheOfficialArtefacts(cases);
    }
}
