using Dapper;
using Npgsql;
using Serilog;
using Settlement.Worker.Database;
using Settlement.Worker.Matching;

namespace Settlement.Worker.Intake;

/// <summary>
/// SETTLE-INTAKE-QUARANTINE: one document must never stop the intake. A document that cannot be
/// decided even on its own (a value the database refuses, an answer that would fail validation, a
/// fault of ours with this document) is set aside: it stays archived, its outcome is recorded as
/// rejected with the reason for finance staff (so every later import does not retry it and crash
/// again), no answer is sent, and the intake goes on with the next document. Faults of the
/// database itself (connection, timeout) are not the document's: they stop the run, and the
/// document is decided when the intake runs again.
/// </summary>
internal static class Quarantine
{
    public const string Rule = "SETTLE-INTAKE-QUARANTINE";

    /// <summary>True when the failure belongs to the document being decided, not to the database or the process.</summary>
    public static bool IsDocumentFault(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState.StartsWith("23", StringComparison.Ordinal), // data or integrity
        NpgsqlException => false,
        OutOfMemoryException or OperationCanceledException => false,
        AggregateException agg => agg.Flatten().InnerExceptions.All(IsDocumentFault),
        _ => true,
    };

    /// <summary>Records the document as rejected and set aside; returns its result.</summary>
    public static IntakeResult SetAside(NpgsqlDataSource ds, ArchivedDocument document, ReadDocument report, Exception ex)
    {
        var why = ex is SettleException ? ex.Message : $"{ex.GetType().Name}: {ex.GetBaseException().Message}";
        var reasons = new[] { new Reason("OTH", $"[{Rule}] Dokumentet kunde inte behandlas och har lagts åt sidan för handläggning ({why}).") };
        Log.Error(ex, "Intake: archive {Archive} ({Source}) could not be decided and is set aside: {Why}", document.Id, document.Source, why);
        var facts = report.Facts;
        using var conn = ds.Connect();
        conn.Execute("""
            insert into inbound_outcomes (document_id, document_type, document_number, seller_org, outcome, reasons, findings)
            values (@id, @type, @number, @seller, 'rejected', @reasons::jsonb, @findings::jsonb)
            on conflict (document_id) do nothing
            """, new
        {
            id = document.Id, type = facts?.Type.ToString(), number = facts?.Id, seller = facts?.SellerOrganisationNumber,
            reasons = OutcomeJson.Reasons(reasons), findings = OutcomeJson.Findings(report.Report.Findings),
        });
        return new IntakeResult(document.Id, document.Source, facts?.Type.ToString(), facts?.Id, Outcome.Rejected, reasons);
    }
}
