using System.Xml.Linq;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Validation.Release;
using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Validation;

/// <summary>The verdict on one document: its type, every finding, and whether it is valid (no fatal finding).</summary>
public sealed record ValidationReport(DocumentType? DocumentType, IReadOnlyList<Finding> Findings, XElement? Document, SbdhEnvelope? Envelope)
{
    public bool Valid => DocumentType is not null && !Findings.Any(f => f.IsFatal);
}

/// <summary>
/// Validation = safe reading (with the UBL 2.1 schema in the same pass) + the official rules that
/// apply to the document type, implemented in C#. Never throws for anything in the document.
/// </summary>
public static class DocumentValidator
{
    /// <summary>Reads and validates a document given as bytes (bare UBL or SBDH-wrapped).</summary>
    public static ValidationReport Validate(byte[] bytes, InboundOptions? options = null) => Validate(InboundReader.Read(bytes, options));

    /// <summary>Reads and validates a file.</summary>
    public static ValidationReport ValidateFile(string path, InboundOptions? options = null) => Validate(InboundReader.Read(path, options));

    /// <summary>Runs the rules on what the reader produced.</summary>
    public static ValidationReport Validate(ReadResult read)
    {
        if (read.Document is null || read.Type is null) return new ValidationReport(read.Type, read.Findings, null, read.Envelope);
        var findings = new List<Finding>(read.Findings);
        findings.AddRange(RunRules(read.Document, read.Type.Value));
        return new ValidationReport(read.Type, findings, read.Document, read.Envelope);
    }

    /// <summary>Runs the rules for the type on a parsed UBL root (no schema check): the C# rules, then the generated data-model and pattern rules.</summary>
    public static List<Finding> RunRules(XElement root, DocumentType type, IReadOnlySet<string>? only = null)
    {
        var context = new RuleContext(root, type);
        var findings = new List<Finding>();
        foreach (var rule in RuleCatalog.For(type))
        {
            if (only is not null && !only.Contains(rule.Id)) continue;
            try
            {
                if (rule.When is { } when && !when(context)) continue;
                foreach (var node in rule.Context(context))
                {
                    bool ok;
                    try { ok = rule.Test(context, node); }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        ok = false; // a value the rule cannot evaluate counts as a failure of that rule
                    }
                    if (!ok) findings.Add(new Finding(rule.Id, rule.Severity, rule.Message, Xp.Location(node)));
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                findings.Add(new Finding(rule.Id, rule.Severity, $"{rule.Message} (the rule could not be evaluated: {ex.Message})", null));
            }
        }
        DataModelRules.Run(root, type, findings, only);
        PatternRules.Run(root, type, findings, only);
        return findings;
    }
}
