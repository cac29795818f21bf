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
    /// <summary>
    /// With <paramref name="allowStops"/>, a document on which an official artefact stops with an error
    /// instead of giving a verdict is not compared (only our validator's expected finding is checked);
    /// the names of those are returned.
    /// </summary>
    public static IReadOnlyList<string> AssertAgreeWithTheOfficialArtefacts(IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> cases, bool allowStops = false)
    {
        var list = cases.ToList();
        var documents = list.Select(c => new OfficialDocument(c.Name + ".xml", Encoding.UTF8.GetBytes(c.Document.ToString(SaveOptions.DisableFormatting)))).ToList();
        var verdicts = OfficialArtefacts.Check(documents, allowStops);
        var stopped = new List<string>();
        for (var i = 0; i < list.Count; i++)
        {
            var ours = DocumentValidator.Validate(documents[i].Bytes).Findings.Any(f => f.Rule == list[i].Rule);
            if (verdicts[i].StoppedArtefacts.Count > 0)
            {
                Assert.True(ours == list[i].Fires, $"{list[i].Name}: {list[i].Rule} expected {(list[i].Fires ? "to fire" : "not to fire")} here (the official {string.Join(", ", verdicts[i].StoppedArtefacts)} stopped on it)");
                stopped.Add(list[i].Name);
                continue;
            }
            var official = verdicts[i].Asserts.Any(a => a.Id == list[i].Rule);
            Assert.True((ours, official) == (list[i].Fires, list[i].Fires),
                $"{list[i].Name}: {list[i].Rule} expected {(list[i].Fires ? "to fire" : "not to fire")}; ours {ours}, official {official}: {verdicts[i]}");
        }
        var compared = Enumerable.Range(0, list.Count).Where(i => verdicts[i].StoppedArtefacts.Count == 0).ToList();
        Assert.Empty(OfficialReport.Disagreements(compared.Select(i => documents[i]).ToList(), compared.Select(i => verdicts[i]).ToList()));
        return stopped;
    }
}
