using Dapper;
using Npgsql;

namespace Settlement.Worker.Tests.Database;

/// <summary>Migration 0125: every append-only table refuses TRUNCATE, which skips the row triggers that stop UPDATE and DELETE.</summary>
public sealed class AppendOnlyTruncateTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("event_log")]
    [InlineData("orders")]
    [InlineData("order_lines")]
    [InlineData("deliveries")]
    [InlineData("outbox")]
    [InlineData("inbound_documents")]
    [InlineData("inbound_outcomes")]
    [InlineData("invoices")]
    [InlineData("credits")]
    [InlineData("payments")]
    [InlineData("responses")]
    [InlineData("tariffs")]
    [InlineData("providers")]
    [InlineData("placements")]
    public void An_append_only_table_cannot_be_truncated(string table)
    {
        using var conn = db.Connect();
        using var tx = conn.BeginTransaction();
        var ex = Assert.Throws<PostgresException>(() => conn.Execute($"truncate {table} cascade", transaction: tx));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        Assert.Contains($"{table} is append-only", ex.MessageText); // its own trigger, not a cascaded child's
    }
}
