namespace Settlement.Peppol.Validation.Rules;

/// <summary>PEPPOL BIS Invoice Response 3 rules (transaction T111, PEPPOL-T111-*).</summary>
internal static class ResponseRules
{
    private const Docs A = Docs.Response;

    public static IEnumerable<Rule> All() =>
    [
        R.Fatal("PEPPOL-T111-R001", A, "If status code is one of: CA, UQ or RE then there SHALL be at a clarification code in Invoice Response.",
            c => c.CacAll("Response").Where(r => r.Cbc("ResponseCode").N() is "CA" or "UQ" or "RE"),
            (_, r) => r.Cacs("Status").Any(s => s.HasCbc("StatusReasonCode"))),
        R.Warn("PEPPOL-T111-R002", A, "If Clarification code is OTH then Clarification reason SHOULD be provided.",
            c => c.CacAll("Status").Where(s => s.Cbcs("StatusReasonCode").Any(x => x.Value == "OTH")), (_, s) => s.HasCbc("StatusReason")),
        R.Fatal("PEPPOL-T111-R003", A, "Specification identifier SHALL start with the value 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3'.",
            c => c.CbcAll("CustomizationID"), (_, e) => e.N().StartsWith("urn:fdc:peppol.eu:poacc:trns:invoice_response:3", StringComparison.Ordinal)),
        R.Fatal("PEPPOL-T111-R008", A, "Process identifier SHALL have the value 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3' or 'urn:peppol:bis:billing_with_response'.",
            c => c.CbcAll("ProfileID"), (_, e) => e.N() is "urn:fdc:peppol.eu:poacc:bis:invoice_response:3" or "urn:peppol:bis:billing_with_response"),
        R.Fatal("PEPPOL-T111-R004", A, "If Clarification code is PPD, indicating partial payment, then Clarification reason SHALL be provided.",
            c => c.CacAll("Status").Where(s => s.Cbcs("StatusReasonCode").Any(x => x.Value == "PPD")), (_, s) => s.HasCbc("StatusReason")),
        R.Fatal("PEPPOL-T111-R006", A, "Clarification Reason code shall exist in the OPStatusAction code lists as identified by listID.",
            c => c.CacAll("Status").Where(s => s.Cbcs("StatusReasonCode").Any(x => (string?)x.Attribute("listID") == "OPStatusAction")),
            (_, s) => s.Cbc("StatusReasonCode").N() is "NOA" or "PIN" or "NIN" or "CNF" or "CNP" or "CNA" or "OTH"),
        R.Fatal("PEPPOL-T111-R007", A, "Clarification Reason code shall exist in the OPStatusReason code lists as identified by listID.",
            c => c.CacAll("Status").Where(s => s.Cbcs("StatusReasonCode").Any(x => (string?)x.Attribute("listID") == "OPStatusReason")),
            (_, s) => s.Cbc("StatusReasonCode").N() is "NON" or "REF" or "LEG" or "REC" or "QUA" or "DEL" or "PRI" or "QTY" or "ITM" or "PAY" or "PPD" or "UNR" or "FIN" or "OTH"),
    ];
}
