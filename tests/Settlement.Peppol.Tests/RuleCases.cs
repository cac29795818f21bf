using System.Text;
using System.Xml.Linq;
using Settlement.Peppol.Validation;
using Settlement.Tests.Shared;

namespace Settlement.Peppol.Tests;

/// <summary>
/// Documents made to break (or to keep) one rule each, checked in one oracle run: the rule fires
/// here and in the official artefact exactly as expected, and on every document the two agree on
/// the verdict and on every id we claim.
/// </summary>
internal static class RuleCases
{
    public static void AssertAgreeWithTheOfficialArtefacts(IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> cases)
    {
        var list = cases.ToList();
        var documents = list.Select(c => new OfficialDocument(c.Name + ".xml", Encoding.UTF8.GetBytes(c.Document.ToString(SaveOptions.DisableFormatting)))).ToList();
        var verdicts = OfficialArtefacts.Check(documents);
        for (var i = 0; i < list.Count; i++)
        {
            var ours = DocumentValidator.Validate(documents[i].Bytes).Findings.Any(f => f.Rule == list[i].Rule);
            var official = verdicts[i].Asserts.Any(a => a.Id == list[i].Rule);
            Assert.True((ours, official) == (list[i].Fires, list[i].Fires),
                $"{list[i].Name}: {list[i].Rule} expected {(list[i].Fires ? "to fire" : "not to fire")}; ours {ours}, official {official}: {verdicts[i]}");
        }
        Assert.Empty(OfficialReport.Disagreements(documents, verdicts));
    }
}
