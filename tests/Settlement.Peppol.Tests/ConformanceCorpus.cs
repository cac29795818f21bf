using System.Text;
using System.Xml;
using System.Xml.Linq;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Tests.Shared;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The invoices and credit notes the project assembles to compare its verdicts with the official
/// artefacts': every official example; every document of every official unit test (billing, with
/// the national sets); and each example changed once per error class and once per optional part
/// (<see cref="CorpusChanges"/>). Nobody here picked the documents to suit the validator: the
/// unit tests are OpenPeppol's, and each change is applied to every example.
/// </summary>
internal static class ConformanceCorpus
{
    private static readonly XNamespace V = "http://difi.no/xsd/vefa/validator/1.0";

    public static IReadOnlyList<OfficialDocument> Documents() => [.. Examples(), .. UnitTestDocuments(), .. Changed()];

    private static IEnumerable<(string Name, XElement Root)> ExampleRoots() =>
        Conformance.FilesUnder("peppol-billing-3", "examples").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), Load(f).Root!))
            .Where(e => InboundReader.TypeOf(e.Item2) is DocumentType.Invoice or DocumentType.CreditNote);

    private static IEnumerable<OfficialDocument> Examples() => ExampleRoots().Select(e => Doc($"example {e.Name}", e.Root));

    /// <summary>Every invoice and credit note of the official billing unit tests, national sets included.</summary>
    private static IEnumerable<OfficialDocument> UnitTestDocuments()
    {
        var files = Conformance.FilesUnder("peppol-billing-3", "unit").Concat(Conformance.FilesUnder("peppol-billing-3", "unit-national")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var n = 0;
            foreach (var test in Load(file).Root!.Elements(V + "test"))
            {
                n++;
                var document = test.Elements().FirstOrDefault(e => e.Name.Namespace != V);
                if (document is not null && InboundReader.TypeOf(document) is DocumentType.Invoice or DocumentType.CreditNote)
                    yield return Doc($"unit {Conformance.Relative(file)} #{n}", document);
            }
        }
    }

    /// <summary>Each example changed once by each change: an error class, or an optional part added.</summary>
    private static IEnumerable<OfficialDocument> Changed()
    {
        foreach (var (name, root) in ExampleRoots())
        foreach (var change in CorpusChanges.All)
        {
            var copy = new XElement(root);
            if (change.Apply(copy)) yield return Doc($"{name} + {change.Name}", copy);
        }
    }

    private static OfficialDocument Doc(string name, XElement root)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return new OfficialDocument(safe + ".xml", Encoding.UTF8.GetBytes(new XDocument(new XElement(root)).ToString(SaveOptions.DisableFormatting)));
    }

    private static XDocument Load(string path) =>
        XDocument.Load(XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
}
