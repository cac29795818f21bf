using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Settlement.RuleGen;

/// <summary>
/// Reads what the PEPPOL BIS Billing 3 artefact (<c>PEPPOL-EN16931-UBL.xslt</c>) holds as data for
/// its own rules (<c>PEPPOL-EN16931-*</c>; the national rules are not read here): the code lists
/// they use (the <c>tokenize</c> variables they refer to, and the lists written into their tests
/// and contexts, named by the rule), the business process of each accepted profile identifier (the
/// <c>$profile</c> parameter that PEPPOL-EN16931-R007 requires to be known), and the processes a rule
/// is limited to (<c>$profile = ('01','02')</c>, as the list <c>&lt;rule&gt;-profiles</c>).
/// </summary>
internal static partial class BillingReader
{
    private const string Own = "PEPPOL-EN16931-";

    public static Artefact Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var root = XDocument.Load(new MemoryStream(bytes)).Root!;
        var variables = XsltRules.TokenizedVariables(root);
        var names = new ListNames();
        foreach (var t in XsltRules.Templates(path, root))
            foreach (var a in t.Asserts.Where(a => a.Id.StartsWith(Own, StringComparison.Ordinal)))
            {
                foreach (var text in new[] { t.Match, a.Test })
                {
                    foreach (var name in XsltRules.VariableUse().Matches(text).Select(m => m.Groups["name"].Value).Distinct())
                        if (variables.TryGetValue(name, out var literal))
                            names.Add(name, XsltRules.Codes(literal, out var padded) is { } codes && !padded ? codes
                                : throw new InvalidDataException($"{path}: the code list ${name} that {a.Id} uses is irregularly spaced: '{literal}'"));
                    names.AddInline(path, a.Id, text);
                }
                foreach (Match m in ProfileUse().Matches(a.Test))
                {
                    if (m.Groups["unknown"].Success) continue; // $profile != 'Unknown': the profile is one the artefact knows
                    if (!m.Groups["list"].Success) throw new InvalidDataException($"{path}: {a.Id} uses $profile in a form this reader does not know: {a.Test}");
                    names.Add($"{a.Id}-profiles", Quoted().Matches(m.Groups["list"].Value).Select(q => q.Groups[1].Value).ToArray());
                }
            }
        return new Artefact(Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(bytes)), [], names.All, [])
        {
            Profiles = Profiles(path, root),
        };
    }

    /// <summary>
    /// The <c>$profile</c> parameter: <c>if (normalize-space(/*/cbc:ProfileID) = ('a', 'b')) then '01' else
    /// if (normalize-space(/*/cbc:ProfileID) = 'c') then '02' else 'Unknown'</c> → (01: a b), (02: c).
    /// </summary>
    private static IReadOnlyList<(string Process, string Ids)> Profiles(string path, XElement root)
    {
        var select = root.Elements(XsltRules.Xsl + "param").SingleOrDefault(p => (string?)p.Attribute("name") == "profile")?.Attribute("select")?.Value
            ?? throw new InvalidDataException($"{path}: no $profile parameter");
        var text = XsltRules.Collapse(select);
        var branches = ProfileBranch().Matches(text);
        var rest = ProfileBranch().Replace(text, "").Trim();
        if (branches.Count == 0 || rest != "'Unknown'")
            throw new InvalidDataException($"{path}: the $profile parameter has a form this reader does not know: {text}");
        return branches.Select(b => (b.Groups["process"].Value,
            string.Join(' ', Quoted().Matches(b.Groups["ids"].Value).Select(q => q.Groups[1].Value)))).ToList();
    }

    [GeneratedRegex(@"if \( ?normalize-space\(/\*/cbc:ProfileID\) = (?<ids>\( ?'[^']*'(?: ?, ?'[^']*')* ?\)|'[^']*') ?\) then '(?<process>[^']*)' else ")]
    private static partial Regex ProfileBranch();

    [GeneratedRegex(@"\$profile\s*(?:!=\s*(?<unknown>'Unknown')|=\s*(?<list>\([^)]*\)|'[^']*'))?")]
    private static partial Regex ProfileUse();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Quoted();
}
