using System.CommandLine;
using System.Text.Json;
using Settlement.Worker.Database;
using Settlement.Worker.Portal.Users;

namespace Settlement.Worker.Cli;

/// <summary>`settle users add|list|passwd|unlock`: the Leverantörsportal's users.</summary>
internal static class UsersCommand
{
    public static Command Build()
    {
        var users = new Command("users", "The portal's users (roles: ekonomi, revisor, leverantör).");
        users.Subcommands.Add(BuildAdd());
        users.Subcommands.Add(BuildList());
        users.Subcommands.Add(BuildPasswd());
        users.Subcommands.Add(BuildUnlock());
        return users;
    }

    private static Option<string?> PasswordOption() => new("--password")
    {
        Description = $"The password (at least {UserStore.MinPasswordLength} characters). Without it, the first line of stdin is read, " +
                      "so it need not appear in the shell history or the process list.",
    };

    /// <summary>The password from --password, else the first line of stdin.</summary>
    private static string ReadPassword(string? given)
    {
        if (given is not null) return given;
        if (!Console.IsInputRedirected) Console.Error.Write("Lösenord: ");
        var line = Console.In.ReadLine();
        if (string.IsNullOrEmpty(line)) throw new SettleException("password: give --password or write it on stdin");
        return line;
    }

    private static Command BuildAdd()
    {
        var name = new Option<string>("--name") { Description = "User name (log-in name; compared without regard to case).", Required = true };
        var role = new Option<string>("--role") { Description = "ekonomi (finance staff), revisor (auditor, read-only) or leverantör (a provider; needs --org).", Required = true };
        var org = new Option<string?>("--org") { Description = "The provider's organisation number (10 digits, Luhn check digit); only for leverantör." };
        var password = PasswordOption();
        var dbOption = CommonOptions.Db();
        var cmd = new Command("add", "Create a portal user. Exit 2 for a bad role, organisation number or password; 1 when the name is taken.")
            { name, role, org, password, dbOption };
        cmd.SetAction(p => CommonOptions.Guard("users add", () =>
        {
            var userName = p.GetValue(name)!;
            if (!PortalRoles.TryParse(p.GetValue(role), out var r))
                throw new SettleException($"--role '{p.GetValue(role)}': not a role (one of {string.Join(", ", PortalRoles.All)})");
            var pw = ReadPassword(p.GetValue(password));
            UserStore.Validate(userName, r, p.GetValue(org), pw); // before touching the database
            using var ds = Db.Open(p.GetValue(dbOption));
            var user = UserStore.Add(ds, userName, r, p.GetValue(org), pw);
            Console.Out.WriteLine($"user {user.UserName} added ({user.Role}{(user.OrgNumber is null ? "" : " " + user.OrgNumber)})");
            if (user.OrgNumber is not null && !UserStore.ProviderExists(ds, user.OrgNumber))
                Console.Error.WriteLine($"settle users add: note: no provider {user.OrgNumber} is registered yet; the user will see its orders once the provider event is imported");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command BuildList()
    {
        var dbOption = CommonOptions.Db();
        var json = CommonOptions.Json();
        var cmd = new Command("list", "List the portal's users (never their password hashes).") { dbOption, json };
        cmd.SetAction(p => CommonOptions.Guard("users list", () =>
        {
            using var ds = Db.Open(p.GetValue(dbOption));
            var all = UserStore.List(ds);
            if (p.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(all.Select(u => new
                {
                    name = u.UserName, role = u.Role, org = u.OrgNumber, failedAttempts = u.FailedAttempts,
                    lockedUntil = u.LockedUntil?.ToString(), createdAt = u.CreatedAt.ToString(), lastLoginAt = u.LastLoginAt?.ToString(),
                }), new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return ExitCodes.Ok;
            }
            foreach (var u in all)
                Console.Out.WriteLine($"{u.UserName}\t{u.Role}\t{u.OrgNumber ?? "-"}" + (u.LockedUntil is { } l ? $"\tlocked until {l}" : ""));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command BuildPasswd()
    {
        var name = new Option<string>("--name") { Description = "User name.", Required = true };
        var password = PasswordOption();
        var dbOption = CommonOptions.Db();
        var cmd = new Command("passwd", "Set a user's password (and lift a lock-out).") { name, password, dbOption };
        cmd.SetAction(p => CommonOptions.Guard("users passwd", () =>
        {
            var pw = ReadPassword(p.GetValue(password));
            using var ds = Db.Open(p.GetValue(dbOption));
            if (!UserStore.SetPassword(ds, p.GetValue(name)!, pw)) throw new SettleException($"--name '{p.GetValue(name)}': no such user");
            Console.Out.WriteLine($"password of {p.GetValue(name)} set");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command BuildUnlock()
    {
        var name = new Option<string>("--name") { Description = "User name.", Required = true };
        var dbOption = CommonOptions.Db();
        var cmd = new Command("unlock", "Lift a user's lock-out after repeated failed log-ins.") { name, dbOption };
        cmd.SetAction(p => CommonOptions.Guard("users unlock", () =>
        {
            using var ds = Db.Open(p.GetValue(dbOption));
            if (!UserStore.Unlock(ds, p.GetValue(name)!)) throw new SettleException($"--name '{p.GetValue(name)}': no such user");
            Console.Out.WriteLine($"{p.GetValue(name)} unlocked");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
