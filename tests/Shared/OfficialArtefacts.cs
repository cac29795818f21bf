using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Settlement.Peppol.Conformance;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;

namespace Settlement.Tests.Shared;

/// <summary>One document for the oracle: a name for people (a file name, what it is) and its bytes, bare UBL or SBDH-wrapped.</summary>
internal sealed record OfficialDocument(string Name, byte[] Bytes);

/// <summary>One <c>svrl:failed-assert</c> of an official artefact: the rule id, fatal or warning, where (XPath) and the rule's text.</summary>
internal sealed partial record OfficialAssert(string Id, string Flag, string Location, string Text)
{
    public bool IsFatal => Flag == "fatal";

    /// <summary>
    /// The location without the namespace tests Saxon writes into every step
    /// (<c>/*:Order[namespace-uri()='…'][1]/*:SellerSupplierParty[…][1]</c> becomes
    /// <c>/Order[1]/SellerSupplierParty[1]</c>): the long form is unreadable in a failure message.
    /// </summary>
    public string ShortLocation => NamespaceTest().Replace(Location, "").Replace("*:", "");

    public override string ToString() => $"{Flag} {Id} at {ShortLocation}: {Text}";

    [GeneratedRegex(@"\[namespace-uri\(\)='[^']*'\]")]
    private static partial Regex NamespaceTest();
}

/// <summary>
/// The official verdict on one document: its type (null when it is none of the four UBL types the
/// service handles), what the UBL 2.1 schema said (xmllint), and every failed assert of the
/// artefacts for its type. The schema error lines carry the line number in the document the oracle
/// saw, which for an SBDH-wrapped document is the unwrapped payload.
/// </summary>
internal sealed record OfficialVerdict(string Name, DocumentType? Type, IReadOnlyList<string> SchemaErrors, IReadOnlyList<OfficialAssert> Asserts)
{
    /// <summary>The artefacts that stopped on the document with an error instead of a verdict (only when the caller allows it).</summary>
    public IReadOnlyList<string> StoppedArtefacts { get; init; } = [];

    /// <summary>
    /// Passes officially: the schema accepts it, no artefact reports a fatal failed assert, and none
    /// stopped on it (an official validator whose artefact stops has an error, not a pass).
    /// </summary>
    public bool Valid => Type is not null && SchemaErrors.Count == 0 && !Asserts.Any(a => a.IsFatal) && StoppedArtefacts.Count == 0;

    public IEnumerable<OfficialAssert> Fatal => Asserts.Where(a => a.IsFatal);

    public override string ToString() =>
        $"{Name} ({Type?.ToString() ?? "unknown type"}): {(Valid ? "valid" : "INVALID")}" +
        string.Concat(SchemaErrors.Select(e => $"\n    schema: {e}")) + string.Concat(Asserts.Select(a => $"\n    {a}"))
        + string.Concat(StoppedArtefacts.Select(a => $"\n    {a} stopped with an error"));
}

/// <summary>
/// The official PEPPOL validation as a test oracle: OpenPeppol's compiled artefacts (release
/// 2026.5, XSLT 2.0) run by Saxon-HE, and the OASIS UBL 2.1 schema run by xmllint — the same
/// checks an access point's validator makes, so a test can tell "passes our validator" from
/// "passes PEPPOL". A JVM start and an artefact compilation cost seconds, so documents are
/// validated in batches: one Saxon process per artefact over a folder of all the documents it
/// applies to, one xmllint process per document type. Nothing is skipped: a missing tool is an
/// error that says what to install.
/// </summary>
internal static class OfficialArtefacts
{
    /// <summary>
    /// The newest release's folder (<c>peppol-artefacts-&lt;release&gt;</c>, 2026.5 today), so moving to the
    /// next release is putting its artefacts beside this one and regenerating the rules, not editing tests.
    /// </summary>
    public static string ArtefactFolder => Newest.Value;

    private static readonly Lazy<string> Newest = new(() => Path.GetFileName(
        Directory.GetDirectories(ConformanceLocator.Require(), "peppol-artefacts-*")
            .OrderBy(d => Version.TryParse(Path.GetFileName(d)["peppol-artefacts-".Length..], out var v) ? v : new Version()).LastOrDefault()
        ?? throw new DirectoryNotFoundException("no peppol-artefacts-<release> folder in the conformance folder")));
    public const string SaxonJar = "/usr/share/java/Saxon-HE.jar";
    private const string Install =
        "install them with `apt-get install -y default-jre-headless libsaxonhe-java libxml2-utils` (./run-tests does it when run as root)";
    private static readonly XNamespace Sbdh = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";
    private static readonly XNamespace Svrl = "http://purl.oclc.org/dsdl/svrl";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The root element of each type and the artefacts that apply to it (Invoice and CreditNote: both CEN and PEPPOL).</summary>
    private static readonly Dictionary<DocumentType, (XName Root, string[] Artefacts)> Types = new()
    {
        [DocumentType.Order] = (XName.Get("Order", UblNamespaces.Order), ["PEPPOLBIS-T01.xslt"]),
        [DocumentType.Invoice] = (XName.Get("Invoice", UblNamespaces.Invoice), ["CEN-EN16931-UBL.xslt", "PEPPOL-EN16931-UBL.xslt"]),
        [DocumentType.CreditNote] = (XName.Get("CreditNote", UblNamespaces.CreditNote), ["CEN-EN16931-UBL.xslt", "PEPPOL-EN16931-UBL.xslt"]),
        [DocumentType.ApplicationResponse] = (XName.Get("ApplicationResponse", UblNamespaces.ApplicationResponse), ["PEPPOLBIS-T111.xslt"]),
    };

    /// <summary>
    /// Validates every document officially; the verdicts come back in the order of the documents. An
    /// artefact that stops on a document (a type error in one of its tests) is an error of the
    /// oracle, unless <paramref name="allowStops"/>: then that verdict names it in StoppedArtefacts.
    /// </summary>
    public static IReadOnlyList<OfficialVerdict> Check(IReadOnlyList<OfficialDocument> documents, bool allowStops = false)
    {
        var (java, xmllint) = Tools();
        var conformance = ConformanceLocator.Require();
        var prepared = documents.Select(Prepare).ToList();
        var schemaErrors = new Dictionary<int, List<string>>();
        var asserts = new Dictionary<(int Document, string Artefact), List<OfficialAssert>>();
        var work = Directory.CreateTempSubdirectory("official-artefacts-").FullName;
        try
        {
            List<Action> saxonJobs = [], schemaJobs = [];
            // One folder per set of artefacts (Invoice and CreditNote share theirs), so that each
            // artefact runs in one JVM over all its documents; xmllint runs once per type, on that
            // type's files of the folder, against that type's schema.
            var typed = prepared.Select((p, i) => (p.Type, Index: i)).Where(x => x.Type is not null).ToList();
            foreach (var set in typed.GroupBy(x => Types[x.Type!.Value].Artefacts[0]))
            {
                // Files are named by the document's index, so an SVRL file (Saxon writes OUT/<same
                // name>) and an xmllint line (prefixed with the file name) map back without ambiguity.
                var folder = Path.Combine(work, Path.GetFileNameWithoutExtension(set.Key));
                Directory.CreateDirectory(folder);
                var files = set.ToDictionary(x => $"{x.Index:D6}.xml", x => x.Index);
                foreach (var (name, i) in files) File.WriteAllBytes(Path.Combine(folder, name), prepared[i].Payload);
                foreach (var type in set.Select(x => x.Type!.Value).Distinct())
                {
                    var xsd = Path.Combine(conformance, "ubl-2.1", "xsd", "maindoc", $"UBL-{type}-2.1.xsd");
                    var ofType = files.Where(f => prepared[f.Value].Type == type).ToDictionary();
                    schemaJobs.Add(() => Merge(schemaErrors, Schema(xmllint, xsd, folder, ofType)));
                }
                foreach (var artefact in Types[set.First().Type!.Value].Artefacts)
                {
                    var xslt = Path.Combine(conformance, ArtefactFolder, artefact);
                    var output = Path.Combine(work, "svrl-" + Path.GetFileNameWithoutExtension(artefact));
                    saxonJobs.Add(() => Merge(asserts, Saxon(java, xslt, folder, output, files, allowStops).ToDictionary(kv => (kv.Key, artefact), kv => kv.Value)));
                }
            }
            // The Saxon runs (seconds each) first, the quick xmllint runs after; one job at a time per core.
            var jobs = Partitioner.Create(saxonJobs.Concat(schemaJobs), EnumerablePartitionerOptions.NoBuffering);
            try { Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, job => job()); }
            catch (AggregateException e) { ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
        }
        finally { Directory.Delete(work, recursive: true); }

        return prepared.Select((p, i) => new OfficialVerdict(documents[i].Name, p.Type,
            p.Problem is not null ? [p.Problem] : schemaErrors.GetValueOrDefault(i) ?? [],
            p.Type is { } t ? Types[t].Artefacts.SelectMany(a => asserts.GetValueOrDefault((i, a)) ?? []).ToList() : [])
        {
            StoppedArtefacts = p.Type is { } s ? Types[s].Artefacts.Where(a => asserts.GetValueOrDefault((i, a)) is null).ToList() : [],
        }).ToList();
    }

    private static void Merge<TKey, TValue>(Dictionary<TKey, TValue> into, Dictionary<TKey, TValue> from) where TKey : notnull
    {
        lock (into) foreach (var (key, value) in from) into[key] = value;
    }

    /// <summary>
    /// The UBL document the artefacts see: the bytes as they are for bare UBL (so the oracle judges
    /// exactly what was written), the payload after the StandardBusinessDocumentHeader for an SBDH
    /// (written again as UTF-8, with the prefixes the envelope declared for it).
    /// </summary>
    private static (DocumentType? Type, byte[] Payload, string? Problem) Prepare(OfficialDocument document)
    {
        XElement root;
        try
        {
            using var stream = new MemoryStream(document.Bytes);
            root = XDocument.Load(stream, LoadOptions.PreserveWhitespace).Root!;
        }
        catch (XmlException e) { return (null, document.Bytes, $"not well-formed XML: {e.Message}"); }
        var payload = root;
        if (root.Name == Sbdh + "StandardBusinessDocument")
        {
            payload = root.Elements().SkipWhile(e => e.Name != Sbdh + "StandardBusinessDocumentHeader").Skip(1).FirstOrDefault();
            if (payload is null) return (null, document.Bytes, "an SBDH envelope without a document after its StandardBusinessDocumentHeader");
        }
        var type = Types.Where(t => t.Value.Root == payload.Name).Select(t => (DocumentType?)t.Key).FirstOrDefault();
        if (type is null) return (null, document.Bytes, $"{payload.Name} is not a UBL 2.1 Order, Invoice, CreditNote or ApplicationResponse");
        return (type, payload == root ? document.Bytes : Unwrap(payload), null);
    }

    private static byte[] Unwrap(XElement payload)
    {
        var copy = new XElement(payload);
        // Prefixes declared on the envelope stay declared; the envelope's default namespace does not
        // (it is the SBDH namespace, and the payload's unprefixed names declare their own).
        foreach (var declaration in payload.Ancestors().SelectMany(a => a.Attributes()).Where(a => a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.Xmlns))
            if (copy.Attribute(declaration.Name) is null) copy.Add(new XAttribute(declaration));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            new XDocument(new XDeclaration("1.0", "UTF-8", null), copy).Save(writer);
        return buffer.ToArray();
    }

    /// <summary>
    /// xmllint over every file of a folder in one call. Per file it prints "F validates" or
    /// "F fails to validate" and each error as "F:LINE: …"; a file with neither (xmllint stopped
    /// early) is an error of the oracle, not a verdict.
    /// </summary>
    private static Dictionary<int, List<string>> Schema(string xmllint, string xsd, string folder, Dictionary<string, int> files)
    {
        var (code, output) = Run(xmllint, folder, ["--noout", "--nonet", "--schema", xsd, .. files.Keys.Order(StringComparer.Ordinal)]);
        var errors = files.Values.ToDictionary(i => i, _ => new List<string>());
        var judged = new HashSet<int>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ');
            if (space > 0 && files.TryGetValue(line[..space], out var index) && line[(space + 1)..] is "validates" or "fails to validate")
            {
                judged.Add(index);
                if (line.EndsWith("fails to validate", StringComparison.Ordinal) && errors[index].Count == 0) errors[index].Add("fails to validate");
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon > 0 && files.TryGetValue(line[..colon], out index)) errors[index].Add("line " + line[(colon + 1)..]);
        }
        var unjudged = files.Where(f => !judged.Contains(f.Value) && errors[f.Value].Count == 0).Select(f => f.Key).ToList();
        if (code == 5 || unjudged.Count > 0)
            throw new InvalidOperationException($"xmllint (exit {code}) gave no verdict on {unjudged.Count} file(s) of {folder} against {xsd}:\n{Tail(output)}");
        return errors;
    }

    /// <summary>One Saxon run of one artefact over a folder; every input file must have its SVRL file.</summary>
    private static Dictionary<int, List<OfficialAssert>> Saxon(string java, string xslt, string folder, string output, Dictionary<string, int> files, bool allowStops)
    {
        Directory.CreateDirectory(output); // Saxon writes a folder's results only into an existing folder
        var (code, log) = Run(java, folder, ["-jar", SaxonJar, $"-s:{folder}", $"-xsl:{xslt}", $"-o:{output}"]);
        var missing = files.Keys.Where(f => !File.Exists(Path.Combine(output, f))).ToList();
        if ((code != 0 || missing.Count > 0) && !(allowStops && missing.Count < files.Count))
            throw new InvalidOperationException($"Saxon with {Path.GetFileName(xslt)} (exit {code}) wrote no SVRL for {missing.Count} of {files.Count} file(s):\n{Tail(log)}");
        // A file Saxon stopped on may be left half written: with allowStops, one that does not parse is a stop too.
        var svrl = new Dictionary<int, XDocument>();
        foreach (var (name, index) in files.Where(f => !missing.Contains(f.Key)))
        {
            try { svrl[index] = XDocument.Load(Path.Combine(output, name)); }
            catch (XmlException) when (allowStops) { }
        }
        return svrl.ToDictionary(f => f.Key, f => f.Value.Descendants(Svrl + "failed-assert")
            .Select(a => new OfficialAssert(
                (string?)a.Attribute("id") ?? "(no id)",
                (string?)a.Attribute("flag") ?? "fatal", // an assert without a flag is an error to the official validators
                (string?)a.Attribute("location") ?? "",
                string.Join(' ', (a.Element(Svrl + "text")?.Value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))))
            .ToList());
    }

    private static (int Code, string Output) Run(string program, string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ToolTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList.Take(4))} did not finish in {ToolTimeout}.");
        }
        return (process.ExitCode, stderr.Result + stdout.Result);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    /// <summary>java, Saxon-HE and xmllint, or an error naming what to install: the tests never skip the oracle.</summary>
    private static (string Java, string Xmllint) Tools()
    {
        static string? OnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        var java = OnPath("java");
        var xmllint = OnPath("xmllint");
        var missing = new[] { (java is null, "java"), (!File.Exists(SaxonJar), SaxonJar), (xmllint is null, "xmllint") }
            .Where(m => m.Item1).Select(m => m.Item2).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The official PEPPOL validation needs {string.Join(", ", missing)}, which this machine lacks: {Install}.");
        return (java!, xmllint!);
    }
}
