using System.CommandLine;
using NodaTime;
using Settlement.Worker.Anchoring;
using Settlement.Worker.Configuration;
using Settlement.Worker.Database;

namespace Settlement.Worker.Cli;

/// <summary>
/// `settle anchor checkpoint` and `settle anchor export [--out FILE]`: sign the event log's head
/// with the checkpoint key (outside the database), and hand the latest signed head to an auditor,
/// who keeps it elsewhere and later runs `settle replay --anchor FILE` against the record.
/// </summary>
internal static class AnchorCommands
{
    public static Command Build()
    {
        var root = new Command("anchor", "Signed checkpoints of the event log's head: what a database superuser cannot forge.");
        root.Subcommands.Add(Checkpoint());
        root.Subcommands.Add(Export());
        return root;
    }

    /// <summary>The signing key of this installation, made on first use.</summary>
    internal static CheckpointKey SigningKey() => CheckpointKey.LoadOrCreate(Settings.FromEnvironment().AnchorKeyFile);

    /// <summary>Signs the head after an import or the demo (the log says so; the console stays for the command's own output).</summary>
    internal static Anchoring.Checkpoint? SignHead(Npgsql.NpgsqlDataSource ds)
    {
        using var key = SigningKey();
        return Checkpoints.SignHead(ds, key, SystemClock.Instance);
    }

    private static Command Checkpoint()
    {
        var db = CommonOptions.Db();
        var cmd = new Command("checkpoint", "Sign the event log's current head now (a no-op when it is signed already). Exit 0.") { db };
        cmd.SetAction(p => CommonOptions.Guard("anchor checkpoint", () =>
        {
            using var ds = Db.Open(p.GetValue(db));
            using var key = SigningKey();
            Console.Out.WriteLine(Checkpoints.SignHead(ds, key, SystemClock.Instance) is { } c
                ? $"checkpoint: head seq {c.Seq} signed with key {c.KeyId}"
                : "checkpoint: the head is signed already (or the log is empty)");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Export()
    {
        var db = CommonOptions.Db();
        var output = new Option<FileInfo?>("--out") { Description = "Write the anchor to this file (else stdout)." };
        var cmd = new Command("export",
            "The latest signed checkpoint with its public key, as JSON, for the auditor to keep elsewhere; the head is signed first " +
            "if it is not yet. Replay against it with 'settle replay --anchor FILE'. Exit 1 when the stored checkpoint does not verify.") { db, output };
        cmd.SetAction(p => CommonOptions.Guard("anchor export", () =>
        {
            using var ds = Db.Open(p.GetValue(db));
            using var key = SigningKey();
            Checkpoints.SignHead(ds, key, SystemClock.Instance);
            using var conn = ds.Connect();
            var latest = Checkpoints.All(conn).LastOrDefault() ?? throw new SettleException("the event log is empty: there is no head to anchor");
            if (!latest.VerifiesWith(key))
            {
                Console.Error.WriteLine($"settle anchor export: the latest checkpoint (seq {latest.Seq}, key {latest.KeyId}) does not verify with the key here ({key.Id}); run 'settle replay'");
                return ExitCodes.Problem;
            }
            var text = AnchorFile.Write(latest, key);
            if (p.GetValue(output) is { } file)
            {
                var temp = file.FullName + ".tmp";
                File.WriteAllText(temp, text);
                File.Move(temp, file.FullName, overwrite: true);
                Console.Error.WriteLine($"anchor: seq {latest.Seq}, head {Hashing.Hex(latest.Head)}, key {latest.KeyId} written to {file.FullName}");
            }
            else Console.Out.Write(text);
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
