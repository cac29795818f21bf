using System.Text.Json;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;

namespace Settlement.Worker.Intake;

/// <summary>
/// The JSON of an outcome's `reasons` and `findings` columns, written and read in one place, so a
/// verdict set aside, a verdict decided and a verdict read back for a resend all say the same thing.
/// </summary>
internal static class OutcomeJson
{
    public static string Reasons(IEnumerable<Reason> reasons) =>
        JsonSerializer.Serialize(reasons.Select(r => new { code = r.Code, text = r.Text }));

    public static string Findings(IEnumerable<Finding> findings) =>
        JsonSerializer.Serialize(findings.Select(f => new { rule = f.Rule, severity = f.Severity.ToString().ToLowerInvariant(), message = f.Message, location = f.Location }));

    public static IReadOnlyList<Reason> ReadReasons(string json) =>
        JsonSerializer.Deserialize<List<JsonElement>>(json)!.Select(e => new Reason(e.GetProperty("code").GetString()!, e.GetProperty("text").GetString()!)).ToList();

    /// <summary>A stored outcome as the result `settle inbox import` prints.</summary>
    public static IntakeResult Result(long id, string source, string? type, string? number, string outcome, string reasons) =>
        new(id, source, type, number, Enum.Parse<Outcome>(outcome, ignoreCase: true), ReadReasons(reasons));
}
