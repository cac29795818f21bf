using System.Text;
using System.Xml;
using System.Xml.Linq;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Tests.Shared;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The official unit tests of the DK, GR, IT, NL and NO rule sets list only the ids each test is
/// about, and they predate release 2026.5. Here every one of their documents also goes through the
/// release's artefact, and every id of those sets must fire here exactly where it fires officially,
/// listed in the test or not. (Most are fragments, so only those sets' ids are compared.)
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public class NationalUnitTestOracleTests
{
    private static readonly XNamespace V = "http://difi.no/xsd/vefa/validator/1.0";
    private static readonly string[] Sets = ["unit-UBL-DK", "unit-UBL-GR", "unit-UBL-IT", "unit-UBL-NL", "unit-UBL-NO"];
    private static readonly string[] Prefixes = ["DK-", "GR-", "IT-", "NL-", "NO-"];

    private static bool National(string id) => Prefixes.Any(p => id.StartsWith(p, StringComparison.Ordinal));

    [Fact]
    public void Every_national_id_fires_here_exactly_where_the_release_fires_it()
    {
        var documents = new List<(OfficialDocument Official, XElement Root)>();
        foreach (var file in Sets.SelectMany(s => Conformance.FilesUnder("peppol-billing-3", "unit-national", s)))
        {
            var set = XDocument.Load(XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
            var n = 0;
            foreach (var test in set.Root!.Elements(V + "test"))
            {
                n++;
                if (test.Elements().FirstOrDefault(e => e.Name.Namespace != V) is not { } document) continue;
                var root = new XElement(document);
                documents.Add((new OfficialDocument($"{Path.GetFileNameWithoutExtension(file)} test {n}", Encoding.UTF8.GetBytes(root.ToString())), root));
            }
        }
        var verdicts = OfficialArtefacts.Check(documents.Select(d => d.Official).ToList());
        var mismatches = new List<string>();
        for (var i = 0; i < documents.Count; i++)
        {
            var root = documents[i].Root;
            var ours = DocumentValidator.RunRules(root, InboundReader.TypeOf(root)!.Value).Select(f => f.Rule).Where(National).ToHashSet();
            var official = verdicts[i].Asserts.Select(a => a.Id).Where(National).ToHashSet();
            if (!ours.SetEquals(official))
                mismatches.Add($"{documents[i].Official.Name}: official [{string.Join(", ", official.Order())}], ours [{string.Join(", ", ours.Order())}]");
        }
        Assert.True(documents.Count > 100, $"expected the national unit test documents, found {documents.Count}");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
