using Dapper;
using Npgsql;
using Settlement.Worker.Intake;

namespace Settlement.Worker.Tests.Database;

/// <summary>
/// Migration 0121: the intake's references into tables that never change (the archive, the order
/// lines, the providers) are checked once per statement. Each must still refuse a row naming a
/// missing parent, with the foreign-key error, and the parents cannot be truncated under their rows.
/// </summary>
public sealed class IntakeReferenceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private readonly string order = WorkedExample.IssueAndDeliver(db, Path.Combine(Path.GetTempPath(), $"settle-refs-{Guid.NewGuid():N}"));
    private readonly long document = InboundArchive.Store(db.DataSource, Channel.File, "refs.xml", "<x/>"u8.ToArray()).Id;

    private const string InsertInvoice = """
        insert into invoices (document_id, seller_org, invoice_number, issue_date, due_date, order_number, line_no, quantity, price, amount, vat_amount, payable, status)
        values (@document, @seller, @number, '2024-06-10', '2024-07-10', @order, @line, 1, 1, 1, 0, 1, 'approved')
        """;

    private PostgresException Refused(string sql, object args) => References.Refused(db, sql, args);

    [Fact]
    public void An_invoice_is_taken_when_everything_it_names_exists()
    {
        using var conn = db.Connect();
        using var tx = conn.BeginTransaction();
        conn.Execute(InsertInvoice, new { document, seller = "5569876542", number = "OK-1", order, line = 3 }, tx);
        Assert.Equal(1, conn.ExecuteScalar<int>("select count(*) from invoices where invoice_number = 'OK-1'", transaction: tx));
    }

    [Theory]
    [InlineData("document", "inbound_documents")]
    [InlineData("line", "order_lines")]
    [InlineData("seller", "providers")]
    public void An_invoice_naming_a_missing_parent_is_refused(string missing, string parent)
    {
        var ex = Refused(InsertInvoice, new
        {
            document = missing == "document" ? document + 1_000_000 : document,
            seller = missing == "seller" ? "5560000001" : "5569876542",
            number = "BAD-" + missing, order,
            line = missing == "line" ? 99 : 3,
        });
        Assert.Contains(parent, ex.MessageText);
    }

    [Fact]
    public void Outcomes_and_answers_must_name_archived_documents()
    {
        Assert.Contains("inbound_documents", Refused(
            "insert into inbound_outcomes (document_id, outcome) values (@id, 'rejected')", new { id = document + 1_000_000 }).MessageText);
        Assert.Contains("duplicate_of", Refused(
            "insert into inbound_outcomes (document_id, outcome, duplicate_of) values (@document, 'duplicate', @first)", new { document, first = document + 1_000_000 }).MessageText);
        Assert.Contains("inbound_documents", Refused(
            "insert into responses (response_id, document_id, code) values ('R-BAD', @id, 'RE')", new { id = document + 1_000_000 }).MessageText);
    }

    [Fact]
    public void The_archive_cannot_be_truncated_under_its_outcomes()
    {
        using var conn = db.Connect();
        using var tx = conn.BeginTransaction();
        conn.Execute("insert into inbound_outcomes (document_id, outcome) values (@document, 'rejected')", new { document }, tx);
        var ex = Assert.Throws<PostgresException>(() => conn.Execute("truncate inbound_documents cascade", transaction: tx));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, ex.SqlState);
        Assert.Contains("inbound_outcomes", ex.MessageText);
    }
}

/// <summary>Migration 0122: orders and placements name their placement, provider and event, checked per statement.</summary>
public sealed class OrderReferenceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private readonly string order = WorkedExample.IssueAndDeliver(db, Path.Combine(Path.GetTempPath(), $"settle-orefs-{Guid.NewGuid():N}"));

    private PostgresException Refused(string sql, object? args = null) => References.Refused(db, sql, args);

    [Theory]
    [InlineData("GR-2099-999999", "5569876542", "placements")]
    [InlineData("GR-2024-000101", "5560000001", "providers")]
    public void An_order_naming_a_missing_placement_or_provider_is_refused(string placement, string provider, string parent)
    {
        var ex = Refused("""
            insert into orders (number, order_key, kind, placement_id, provider_org, issue_date, total, vat_category, vat_percent, tariff_sha256, derivation)
            select 'PO-BAD', 'KEY-BAD', kind, @placement, @provider, issue_date, total, vat_category, vat_percent, tariff_sha256, derivation
            from orders where number = @order
            """, new { placement, provider, order });
        Assert.Contains(parent, ex.MessageText);
    }

    [Fact]
    public void A_placement_naming_a_missing_provider_or_event_is_refused()
    {
        Assert.Contains("providers", Refused("""
            insert into placements (id, provider_org, level, start_date, registered_on, event_seq)
            select 'GR-2099-000001', '5560000001', level, start_date, registered_on, event_seq from placements limit 1
            """).MessageText);
        Assert.Contains("event_log", Refused("""
            insert into placements (id, provider_org, level, start_date, registered_on, event_seq)
            select 'GR-2099-000002', provider_org, level, start_date, registered_on, 999999999 from placements limit 1
            """).MessageText);
    }

    [Fact]
    public void Placements_and_providers_cannot_be_truncated_under_their_orders()
    {
        Assert.Contains("orders", Refused("truncate placements cascade").MessageText);
        Assert.Contains("orders", Refused("truncate providers cascade").MessageText);
    }
}

internal static class References
{
    /// <summary>Runs the statement in a transaction that is rolled back; it must fail with the foreign-key error.</summary>
    public static PostgresException Refused(TestDatabase db, string sql, object? args)
    {
        using var conn = db.Connect();
        using var tx = conn.BeginTransaction();
        var ex = Assert.Throws<PostgresException>(() => conn.Execute(sql, args, tx));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, ex.SqlState);
        return ex;
    }
}

/// <summary>Migration 0123: a delivery names its order line and its report, checked per statement.</summary>
public sealed class DeliveryReferenceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private readonly string order = WorkedExample.IssueAndDeliver(db, Path.Combine(Path.GetTempPath(), $"settle-drefs-{Guid.NewGuid():N}"));

    [Theory]
    [InlineData(99, false, "order_lines")]
    [InlineData(null, true, "event_log")]
    public void A_delivery_naming_a_missing_line_or_report_is_refused(int? line, bool badReport, string parent)
    {
        var ex = References.Refused(db, """
            insert into deliveries (order_number, line_no, status, quantity, amount, registered_on, report_seq, derivation)
            select d.order_number, coalesce(@line, open.line_no), d.status, d.quantity, d.amount, d.registered_on,
                   case when @badReport then 999999999 else d.report_seq end, d.derivation
            from deliveries d,
                 lateral (select l.line_no from order_lines l where l.order_number = d.order_number
                          and not exists (select 1 from deliveries x where x.order_number = l.order_number and x.line_no = l.line_no) limit 1) open
            where d.order_number = @order limit 1
            """, new { line, badReport, order });
        Assert.Contains(parent, ex.MessageText);
    }

    [Fact]
    public void Order_lines_cannot_be_truncated_under_their_deliveries() =>
        Assert.Contains("deliveries", References.Refused(db, "truncate order_lines", null).MessageText);
}
