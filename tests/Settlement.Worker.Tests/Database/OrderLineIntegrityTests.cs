using Dapper;
using Npgsql;

namespace Settlement.Worker.Tests.Database;

/// <summary>
/// Migration 0120 replaced the per-line foreign key from order_lines to orders by one check per
/// statement: a line naming a missing order must still be refused, by COPY as by INSERT, and the
/// rest of its transaction with it; orders still cannot be truncated from under their lines.
/// </summary>
public sealed class OrderLineIntegrityTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private readonly string number = WorkedExample.IssueAndDeliver(db, Path.Combine(Path.GetTempPath(), $"settle-integrity-{Guid.NewGuid():N}"));

    [Fact]
    public void An_inserted_line_of_a_missing_order_is_refused_with_the_foreign_key_error()
    {
        using var conn = db.Connect();
        var ex = Assert.Throws<PostgresException>(() => conn.Execute("""
            insert into order_lines (order_number, line_no, article, quantity, unit_code, price, amount)
            values (@number, 99, 'X', 1, 'DAY', 1, 1), ('PO-NO-SUCH-ORDER', 1, 'X', 1, 'DAY', 1, 1)
            """, new { number }));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, ex.SqlState);
        Assert.Contains("PO-NO-SUCH-ORDER", ex.MessageText);
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from order_lines where line_no = 99"));
    }

    [Fact]
    public void A_copied_line_of_a_missing_order_rolls_back_its_transaction()
    {
        using var conn = db.Connect();
        using var tx = conn.BeginTransaction();
        var ex = Assert.Throws<PostgresException>(() =>
        {
            using var copy = conn.BeginTextImport("copy order_lines (order_number, line_no, article, quantity, unit_code, price, amount) from stdin");
            copy.Write($"{number}\t98\tX\t1\tDAY\t1\t1\nPO-NO-SUCH-ORDER\t1\tX\t1\tDAY\t1\t1\n");
        });
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, ex.SqlState);
        tx.Rollback();
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from order_lines where line_no = 98"));
    }

    [Fact]
    public void Lines_of_existing_orders_are_taken_and_orders_cannot_be_truncated_from_under_them()
    {
        using var conn = db.Connect();
        using var tx = conn.BeginTransaction();
        conn.Execute("insert into order_lines (order_number, line_no, article, quantity, unit_code, price, amount) values (@number, 97, 'X', 1, 'DAY', 1, 1)", new { number }, tx);
        Assert.Equal(1, conn.ExecuteScalar<int>("select count(*) from order_lines where line_no = 97", transaction: tx));
        var ex = Assert.Throws<PostgresException>(() => conn.Execute("truncate orders cascade", transaction: tx));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, ex.SqlState);
    }
}
