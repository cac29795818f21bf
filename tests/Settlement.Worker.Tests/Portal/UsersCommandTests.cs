using Dapper;
using Settlement.Worker.Portal.Users;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Portal;

/// <summary>`settle users add` as an operator runs it, and the users table's own checks.</summary>
public sealed class UsersCommandTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void Users_add_creates_a_provider_user_with_a_hashed_password_from_stdin()
    {
        var (exit, stdout, stderr) = SettleProcess.RunWithInput("ett-långt-lösen\n", "users", "add", "--db", db.ConnectionString,
            "--name", "lev.stdin", "--role", "leverantör", "--org", "556987-6542");
        Assert.True(exit == 0, stderr);
        Assert.Equal("user lev.stdin added (leverantör 5569876542)", stdout.Trim());
        Assert.Contains("no provider 5569876542 is registered yet", stderr); // a note, not an error
        using var conn = db.Connect();
        var row = conn.QuerySingle<(string Role, string Org, string Hash)>("select role, org_number, password_hash from portal_users where user_name = 'lev.stdin'");
        Assert.Equal(("leverantör", "5569876542"), (row.Role, row.Org));
        Assert.DoesNotContain("ett-långt-lösen", row.Hash);
        var signIn = UserStore.SignInAsync(db.DataSource, "LEV.STDIN", "ett-långt-lösen").Result;
        Assert.Equal(SignInResult.Succeeded, signIn.Result);
    }

    [Theory]
    [InlineData("chef", null, "--role 'chef': not a role (one of ekonomi, revisor, leverantör)")]
    [InlineData("leverantör", null, "--org: a leverantör user needs the provider's organisation number")]
    [InlineData("leverantör", "5569876543", "--org '5569876543': not a Swedish organisation number (10 digits, Luhn check digit)")]
    [InlineData("ekonomi", "5569876542", "--org: only leverantör users have an organisation number (not ekonomi)")]
    public void A_bad_role_or_organisation_number_is_exit_2_with_one_line(string role, string? org, string message)
    {
        string[] args = ["users", "add", "--db", db.ConnectionString, "--name", "fel." + Guid.NewGuid().ToString("N")[..6], "--role", role, "--password", "tillräckligt-långt"];
        if (org is not null) args = [.. args, "--org", org];
        var (exit, stdout, stderr) = SettleProcess.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"settle users add: {message}", stderr.Trim());
    }

    [Fact]
    public void A_taken_name_is_exit_1_whatever_its_case()
    {
        Assert.Equal(0, SettleProcess.Run("users", "add", "--db", db.ConnectionString, "--name", "Tagen", "--role", "revisor", "--password", "tillräckligt-långt").Exit);
        var (exit, _, stderr) = SettleProcess.Run("users", "add", "--db", db.ConnectionString, "--name", "tagen", "--role", "ekonomi", "--password", "tillräckligt-långt");
        Assert.Equal(1, exit);
        Assert.Equal("settle users add: user 'tagen' already exists", stderr.Trim());
    }

    [Fact]
    public void The_table_itself_refuses_a_provider_without_an_organisation_number_and_staff_with_one()
    {
        using var conn = db.Connect();
        var ex1 = Assert.ThrowsAny<Npgsql.PostgresException>(() =>
            conn.Execute("insert into portal_users (user_name, password_hash, role) values ('x1', 'h', 'leverantör')"));
        Assert.Equal("23514", ex1.SqlState);
        var ex2 = Assert.ThrowsAny<Npgsql.PostgresException>(() =>
            conn.Execute("insert into portal_users (user_name, password_hash, role, org_number) values ('x2', 'h', 'revisor', '5569876542')"));
        Assert.Equal("23514", ex2.SqlState);
        var ex3 = Assert.ThrowsAny<Npgsql.PostgresException>(() =>
            conn.Execute("insert into portal_users (user_name, password_hash, role) values ('x3', 'h', 'admin')"));
        Assert.Equal("23514", ex3.SqlState);
    }
}
