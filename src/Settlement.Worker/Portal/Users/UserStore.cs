using Dapper;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Identifiers;
using Settlement.Worker.Database;

namespace Settlement.Worker.Portal.Users;

/// <summary>One row of <c>portal_users</c>.</summary>
internal sealed class PortalUser
{
    public long Id { get; init; }
    public string UserName { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public string Role { get; init; } = "";
    public string? OrgNumber { get; init; }
    public int FailedAttempts { get; init; }
    public Instant? LockedUntil { get; init; }
    public Instant CreatedAt { get; init; }
    public Instant? LastLoginAt { get; init; }
    /// <summary>Moved by a new password and by logging out: a cookie with another stamp is no longer a session.</summary>
    public int SessionStamp { get; init; }

    public bool IsProvider => Role == PortalRoles.Provider;
    public bool IsLockedAt(Instant now) => LockedUntil is { } until && until > now;
}

/// <summary>The outcome of a log-in attempt.</summary>
internal enum SignInResult { Succeeded, Failed, LockedOut }

/// <summary>
/// The portal's users: plain SQL with Dapper, passwords hashed with ASP.NET Core's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2, per-user salt, versioned format). After
/// <see cref="MaxFailedAttempts"/> failed log-ins in a row a user is locked for
/// <see cref="LockoutMinutes"/> minutes; while locked, even the right password is refused.
/// </summary>
internal static class UserStore
{
    public const int MaxFailedAttempts = 5;
    public const int LockoutMinutes = 15;
    public const int MinPasswordLength = 8;

    private static readonly PasswordHasher<PortalUser> Hasher = new();

    private const string Columns =
        "id, user_name as UserName, password_hash as PasswordHash, role, org_number as OrgNumber, " +
        "failed_attempts as FailedAttempts, locked_until as LockedUntil, created_at as CreatedAt, last_login_at as LastLoginAt, session_stamp as SessionStamp";

    /// <summary>Checks a new user's fields; returns the normalised organisation number (null for staff).</summary>
    public static string? Validate(string userName, string role, string? org, string password)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Trim() != userName || userName.Length > 100 || userName.Any(char.IsControl))
            throw new SettleException($"--name '{userName}': a user name is 1 to 100 characters without leading or trailing spaces");
        if (!PortalRoles.All.Contains(role))
            throw new SettleException($"--role '{role}': not a role (one of {string.Join(", ", PortalRoles.All)})");
        string? normalised = null;
        if (role == PortalRoles.Provider)
        {
            if (string.IsNullOrWhiteSpace(org))
                throw new SettleException("--org: a leverantör user needs the provider's organisation number");
            if (!OrganisationNumber.TryParse(org, out var number))
                throw new SettleException($"--org '{org}': not a Swedish organisation number (10 digits, Luhn check digit)");
            normalised = number.Value;
        }
        else if (!string.IsNullOrWhiteSpace(org))
            throw new SettleException($"--org: only leverantör users have an organisation number (not {role})");
        if (password.Length < MinPasswordLength)
            throw new SettleException($"password: at least {MinPasswordLength} characters");
        return normalised;
    }

    /// <summary>Creates a user; a name already taken (in any case) is a <see cref="SettleException"/> with exit 1.</summary>
    public static PortalUser Add(NpgsqlDataSource ds, string userName, string role, string? org, string password)
    {
        var orgNumber = Validate(userName, role, org, password);
        var hash = Hasher.HashPassword(null!, password);
        using var conn = ds.Connect();
        try
        {
            return conn.QuerySingle<PortalUser>(
                $"insert into portal_users (user_name, password_hash, role, org_number) values (@userName, @hash, @role, @orgNumber) returning {Columns}",
                new { userName, hash, role, orgNumber });
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new SettleException($"user '{userName}' already exists", ExitCodes.Problem, ex);
        }
    }

    public static bool ProviderExists(NpgsqlDataSource ds, string orgNumber)
    {
        using var conn = ds.Connect();
        return conn.ExecuteScalar<bool>("select exists (select 1 from providers where org_number = @orgNumber)", new { orgNumber });
    }

    /// <summary>Sets a new password and lifts any lock-out; false when there is no such user.</summary>
    public static bool SetPassword(NpgsqlDataSource ds, string userName, string password)
    {
        if (password.Length < MinPasswordLength) throw new SettleException($"password: at least {MinPasswordLength} characters");
        using var conn = ds.Connect();
        return conn.Execute(
            "update portal_users set password_hash = @hash, failed_attempts = 0, locked_until = null, session_stamp = session_stamp + 1 where lower(user_name) = lower(@userName)",
            new { userName, hash = Hasher.HashPassword(null!, password) }) == 1;
    }

    /// <summary>Lifts a lock-out; false when there is no such user.</summary>
    public static bool Unlock(NpgsqlDataSource ds, string userName)
    {
        using var conn = ds.Connect();
        return conn.Execute("update portal_users set failed_attempts = 0, locked_until = null where lower(user_name) = lower(@userName)", new { userName }) == 1;
    }

    /// <summary>Ends every session of the user (log-out: a copy of the cookie elsewhere stops working too).</summary>
    public static async Task EndSessionsAsync(NpgsqlDataSource ds, long id, CancellationToken ct = default)
    {
        await using var conn = await ds.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("update portal_users set session_stamp = session_stamp + 1 where id = @id", new { id }, cancellationToken: ct));
    }

    public static IReadOnlyList<PortalUser> List(NpgsqlDataSource ds)
    {
        using var conn = ds.Connect();
        return conn.Query<PortalUser>($"select {Columns} from portal_users order by lower(user_name)").ToList();
    }

    public static async Task<PortalUser?> FindByIdAsync(NpgsqlDataSource ds, long id, CancellationToken ct = default)
    {
        await using var conn = await ds.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PortalUser>(new CommandDefinition(
            $"select {Columns} from portal_users where id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Checks a log-in. The row is locked for the check so concurrent attempts are counted one by
    /// one. A failure counts; the fifth in a row locks the user for <see cref="LockoutMinutes"/>
    /// minutes (database clock) and starts the count again. A success clears the count. An unknown
    /// user name fails like a wrong password.
    /// </summary>
    public static async Task<(SignInResult Result, PortalUser? User)> SignInAsync(NpgsqlDataSource ds, string userName, string password, CancellationToken ct = default)
    {
        await using var conn = await ds.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = await conn.ExecuteScalarAsync<Instant>(new CommandDefinition("select now()", transaction: tx, cancellationToken: ct));
        var user = await conn.QuerySingleOrDefaultAsync<PortalUser>(new CommandDefinition(
            $"select {Columns} from portal_users where lower(user_name) = lower(@userName) for update",
            new { userName }, tx, cancellationToken: ct));
        if (user is null)
        {
            // Spend the time a real check takes, so a response's timing does not tell who exists.
            Hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
            return (SignInResult.Failed, null);
        }
        if (user.IsLockedAt(now)) return (SignInResult.LockedOut, user);

        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var lockNow = user.FailedAttempts + 1 >= MaxFailedAttempts;
            await conn.ExecuteAsync(new CommandDefinition(
                lockNow
                    ? $"update portal_users set failed_attempts = 0, locked_until = now() + interval '{LockoutMinutes} minutes' where id = @Id"
                    : "update portal_users set failed_attempts = failed_attempts + 1 where id = @Id",
                new { user.Id }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return (lockNow ? SignInResult.LockedOut : SignInResult.Failed, user);
        }
        var newHash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password) : user.PasswordHash;
        await conn.ExecuteAsync(new CommandDefinition(
            "update portal_users set failed_attempts = 0, locked_until = null, last_login_at = now(), password_hash = @newHash where id = @Id",
            new { user.Id, newHash }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (SignInResult.Succeeded, user);
    }

    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(null!, Guid.NewGuid().ToString()));
}
