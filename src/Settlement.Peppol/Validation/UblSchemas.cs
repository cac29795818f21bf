using System.Xml;
using System.Xml.Schema;
using Settlement.Peppol.Conformance;

namespace Settlement.Peppol.Validation;

/// <summary>
/// The OASIS UBL 2.1 schemas of the documents the service handles (Order, Invoice, CreditNote,
/// ApplicationResponse), compiled once and cached: compiling takes far longer than validating.
/// The schema files are trusted local files, read with an XmlUrlResolver (imports are relative) and
/// DTD parsing allowed (the xmldsig schema has a DOCTYPE); inbound documents never get either.
/// </summary>
public static class UblSchemas
{
    private static readonly string[] MainDocuments = ["Order", "Invoice", "CreditNote", "ApplicationResponse"];
    private static readonly Lazy<XmlSchemaSet?> Cached = new(() => TryLoad(ConformanceLocator.Folder), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The compiled schema set, or null when the conformance folder is not available.</summary>
    public static XmlSchemaSet? Set => Cached.Value;

    public static XmlSchemaSet? TryLoad(string? conformanceFolder)
    {
        if (conformanceFolder is null) return null;
        var maindoc = Path.Combine(conformanceFolder, "ubl-2.1", "xsd", "maindoc");
        if (!Directory.Exists(maindoc)) return null;
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = new XmlUrlResolver() };
        foreach (var doc in MainDocuments)
        {
            var path = Path.Combine(maindoc, $"UBL-{doc}-2.1.xsd");
            using var reader = XmlReader.Create(path, settings);
            set.Add(null, reader);
        }
        set.Compile();
        return set;
    }
}
