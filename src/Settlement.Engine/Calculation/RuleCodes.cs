namespace Settlement.Engine.Calculation;

/// <summary>The refusal codes of the rule book (compensation.md), and the import codes of cli.md.</summary>
public static class RuleCodes
{
    public const string IntDup = "SETTLE-INT-DUP";
    public const string IntRetro = "SETTLE-INT-RETRO";
    public const string IntRange = "SETTLE-INT-RANGE";
    public const string ExtInterrupted = "SETTLE-EXT-INTERRUPTED";
    public const string ExtMax = "SETTLE-EXT-MAX";
    public const string ParUnknown = "SETTLE-PAR-UNKNOWN";
    public const string ParRange = "SETTLE-PAR-RANGE";
    public const string ParMax3M = "SETTLE-PAR-MAX3M";
    public const string LvlFixed = "SETTLE-LVL-FIXED";
    public const string ResNoTransition = "SETTLE-RES-NOTRANSITION";
    public const string ResExcluded = "SETTLE-RES-EXCLUDED";
    public const string ResUnknown = "SETTLE-RES-UNKNOWN";
    public const string ResDup = "SETTLE-RES-DUP";
    public const string ResOrder = "SETTLE-RES-ORDER";
    public const string ResEarly = "SETTLE-RES-EARLY";
    public const string EventUnknown = "SETTLE-EVENT-UNKNOWN";

    /// <summary>A line that is not valid JSON or lacks a field (cli.md); also a scenario event that cannot be read.</summary>
    public const string EventInvalid = "SETTLE-EVENT-INVALID";
    public const string EventUnknownRef = "SETTLE-EVENT-UNKNOWN-REF";
    public const string EventDup = "SETTLE-EVENT-DUP";
    public const string ReportEarly = "SETTLE-REPORT-EARLY";
    public const string ReportDup = "SETTLE-REPORT-DUP";

    /// <summary>A provider's PEPPOL id whose scheme is not in the release's EAS list or whose value fails its scheme's check.</summary>
    public const string PartyId = "SETTLE-PARTY-ID";
    /// <summary>A provider's PEPPOL id that another provider has registered.</summary>
    public const string PartyIdTaken = "SETTLE-PARTY-ID-TAKEN";
}
