using Dapper;
using Npgsql;
using NodaTime;
using NodaTime.Testing;
using Settlement.Worker.Anchoring;
using Settlement.Worker.Events;
using Settlement.Worker.Replay;

namespace Settlement.Worker.Tests.Replay;

/// <summary>
/// The tampering a hash chain alone cannot see, done as a superuser would (triggers lifted): rows
/// cut from the end with the head moved back, and the chain rewritten with every hash recomputed.
/// Before signed checkpoints both passed replay as "chain intact"; the tests show that first, then
/// what the checkpoint (and, once it is deleted too, the auditor's anchor) finds (SETTLE-CHAIN-ANCHOR).
/// </summary>
internal static class Anchors
{
    public static readonly FakeClock Clock = new(Instant.FromUtc(2026, 12, 3, 15, 0));

    public static CheckpointKey NewKey() => CheckpointKey.LoadOrCreate(Path.Combine(Directory.CreateTempSubdirectory("anchor-key-").FullName, "checkpoint-key.pem"));

    /// <summary>Removes the last event and moves the head back to the row before it: a cut tail.</summary>
    public static void CutTail(NpgsqlConnection conn)
    {
        var last = conn.ExecuteScalar<long>("select max(seq) from event_log");
        Tamper.Bypassing(conn, "event_log", "delete from event_log where seq = @last", new { last });
        Assert.Equal(1, conn.Execute("update event_chain_head set last_seq = e.seq, hash = e.hash from event_log e where e.seq = @seq", new { seq = last - 1 }));
    }

    /// <summary>Edits event <paramref name="seq"/> and recomputes the content hash and chain hash of it and every row after it, and the head.</summary>
    public static void Rewrite(NpgsqlConnection conn, long seq, string canonical)
    {
        Tamper.Bypassing(conn, "event_log", "update event_log set canonical = @canonical, event = @canonical::jsonb where seq = @seq", new { seq, canonical });
        var prev = conn.ExecuteScalar<byte[]>("select hash from event_log where seq = @before", new { before = seq - 1 })!;
        foreach (var r in conn.Query<(long Seq, string Canonical, string? Code)>("select seq, canonical, code from event_log where seq >= @seq order by seq", new { seq }).ToList())
        {
            var content = Hashing.Sha256(r.Canonical);
            var hash = EventLog.ChainHash(prev, content, r.Code);
            Tamper.Bypassing(conn, "event_log", "update event_log set content_hash = @content, prev_hash = @prev, hash = @hash where seq = @Seq",
                new { content, prev, hash, r.Seq });
            prev = hash;
        }
        conn.Execute("update event_chain_head set hash = @prev", new { prev });
    }

    public const string EditedPraktik =
        """{"from":"2024-04-15","placement":"GR-2024-000101","program":"PRAKTIK","registeredOn":"2024-04-10","to":"2024-05-10","type":"parallel"}""";
}

public sealed class ReplayCutTailTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void Cutting_the_tail_is_found_by_the_stored_checkpoint_and_after_its_deletion_by_the_auditors_anchor()
    {
        using var key = Anchors.NewKey();
        var signed = Checkpoints.SignHead(cycle.Db.DataSource, key, Anchors.Clock)!;
        Assert.Equal(26, signed.Seq);
        Assert.Null(Checkpoints.SignHead(cycle.Db.DataSource, key, Anchors.Clock)); // the head is signed already
        var anchorFile = Path.Combine(Path.GetTempPath(), $"anchor-{Guid.NewGuid():N}.json");
        File.WriteAllText(anchorFile, AnchorFile.Write(signed, key));
        var trust = AnchorTrust.From(Path.Combine(Path.GetTempPath(), "no-such-key.pem"), [anchorFile]);
        var before = Replayer.VerifyChain(cycle.Db.DataSource, trust);
        Assert.True(before.Ok, before.Problem);
        Assert.Equal((1, 26L, true, 1, 0L), (before.Checkpoints!.Stored, before.Checkpoints.LatestSeq, before.Checkpoints.Verified, before.Checkpoints.Anchors, before.Checkpoints.EventsAfter));

        using var conn = cycle.Db.Connect();
        Anchors.CutTail(conn);
        // The hashes alone: every row links, the head points at the last row.
        Assert.Empty(EventLog.Verify(conn));
        // The stored checkpoint names row 26, which is gone.
        var cut = Replayer.VerifyChain(cycle.Db.DataSource, new AnchorTrust(key, []));
        Assert.False(cut.Ok);
        Assert.Equal(26, cut.FirstBrokenSeq);
        Assert.Contains("the log ends at seq 25, but the checkpoint signed 2026-12-03T15:00:00Z holds row 26: events were removed from its end", cut.Problem);

        // A superuser removes the checkpoint too: inside the database nothing is left to compare with...
        Tamper.Bypassing(conn, "event_checkpoints", "delete from event_checkpoints where seq = 26");
        var hidden = Replayer.VerifyChain(cycle.Db.DataSource, new AnchorTrust(key, []));
        Assert.True(hidden.Ok);
        Assert.Equal(0, hidden.Checkpoints!.Stored);
        // ...but the anchor the auditor kept names row 26.
        var anchored = Replayer.VerifyChain(cycle.Db.DataSource, trust);
        Assert.False(anchored.Ok);
        Assert.Contains($"the anchor {Path.GetFileName(anchorFile)} signed 2026-12-03T15:00:00Z holds row 26: events were removed from its end", anchored.Problem);

        var (exit, text, _) = cycle.Settle("replay", "--anchor", anchorFile);
        Assert.Equal(1, exit);
        Assert.Contains("hash chain BROKEN at seq 26: the log ends at seq 25", text);
    }
}

public sealed class ReplayRewrittenChainTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_chain_rewritten_with_every_hash_recomputed_is_found_and_a_checkpoint_forged_for_it_fails_its_signature()
    {
        using var key = Anchors.NewKey();
        Checkpoints.SignHead(cycle.Db.DataSource, key, Anchors.Clock);
        using var conn = cycle.Db.Connect();
        Anchors.Rewrite(conn, 10, Anchors.EditedPraktik);
        Assert.Empty(EventLog.Verify(conn)); // consistent hashes throughout: the chain alone cannot tell

        var rewritten = Replayer.VerifyChain(cycle.Db.DataSource, new AnchorTrust(key, []));
        Assert.False(rewritten.Ok);
        Assert.Equal(26, rewritten.FirstBrokenSeq);
        Assert.Matches("row 26's chain hash [0-9a-f]{12}… is not the [0-9a-f]{12}… of the checkpoint signed 2026-12-03T15:00:00Z: the log up to it was rewritten", rewritten.Problem);

        // The superuser replaces the checkpoint with one of the new head, signed with a key of their own...
        var head = conn.QuerySingle<(long LastSeq, byte[] Hash)>("select last_seq, hash from event_chain_head");
        using var forger = Anchors.NewKey();
        var forged = Checkpoint.Sign(forger, head.LastSeq, head.Hash, Anchors.Clock.GetCurrentInstant());
        Tamper.Bypassing(conn, "event_checkpoints", "delete from event_checkpoints where seq = 26");
        conn.Execute("insert into event_checkpoints (seq, head, signed_at, key_id, signature) values (@Seq, @Head, @SignedAt, @KeyId, @Signature)", forged);
        var otherKey = Replayer.VerifyChain(cycle.Db.DataSource, new AnchorTrust(key, []));
        Assert.Contains($"the checkpoint of seq 26 names key {forger.Id}, not the checkpoint key here ({key.Id})", otherKey.Problem);
        // ...or claiming the service's key id: the signature does not verify.
        Tamper.Bypassing(conn, "event_checkpoints", "update event_checkpoints set key_id = @Id where seq = 26", new { key.Id });
        var badSignature = Replayer.VerifyChain(cycle.Db.DataSource, new AnchorTrust(key, []));
        Assert.Equal("seq 26: the checkpoint of seq 26: its signature does not verify: the checkpoint was altered or forged", badSignature.Problem);
    }
}

public sealed class AnchorCommandTests
{
    [Fact]
    public void Import_signs_the_head_export_hands_it_over_and_replay_verifies_against_it()
    {
        using var db = new Database.TestDatabase();
        using var settle = new Processes.Settle();
        Assert.Equal(0, settle.Run("tariff", "import", Database.Repo.Path("samples", "tariff.json"), "--db", db.ConnectionString).ExitCode);
        var imported = settle.Run("events", "import", Database.Repo.Path("samples", "events-worked.jsonl"), "--db", db.ConnectionString);
        Assert.Equal((0, ""), (imported.ExitCode, imported.Err));
        // The import signed its head already: the command has nothing left to sign.
        Assert.Equal("checkpoint: the head is signed already (or the log is empty)", settle.Run("anchor", "checkpoint", "--db", db.ConnectionString).Out.Trim());
        // The key is a file beside the embedded default's folder, outside the database, owner-only; its public half beside it.
        var keyFile = Path.Combine(settle.WorkDir, ".settlement", "checkpoint-key.pem");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(keyFile + ".pub"));

        var anchor = Path.Combine(settle.WorkDir, "anchor.json");
        Assert.Equal(0, settle.Run("anchor", "export", "--out", anchor, "--db", db.ConnectionString).ExitCode);
        var replay = settle.Run("replay", "--anchor", anchor, "--db", db.ConnectionString);
        Assert.Equal(0, replay.ExitCode);
        Assert.Matches(@"checkpoints: 1 signed checkpoint\(s\), latest seq 26 signed \S+ with key [0-9a-f]{16}, verified; 1 anchor\(s\) replayed against", replay.Out);

        // An auditor elsewhere, without the key file: the anchor's public key verifies the stored checkpoints.
        File.Move(keyFile, keyFile + ".away");
        Assert.Contains("verified; 1 anchor(s)", settle.Run("replay", "--anchor", anchor, "--db", db.ConnectionString).Out);
        Assert.Contains("NOT verified", settle.Run("replay", "--db", db.ConnectionString).Out);

        // An altered anchor is bad input, named.
        File.WriteAllText(anchor, File.ReadAllText(anchor).Replace("\"seq\": 26", "\"seq\": 25"));
        var altered = settle.Run("replay", "--anchor", anchor, "--db", db.ConnectionString);
        Assert.Equal(2, altered.ExitCode);
        Assert.Contains($"anchor {anchor}: its signature does not verify with the public key it carries", altered.Err);
    }
}

public sealed class AnchorFileInputTests
{
    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"anchor-input-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Valid()
    {
        using var key = Anchors.NewKey();
        return AnchorFile.Write(Checkpoint.Sign(key, 7, new byte[32], Anchors.Clock.GetCurrentInstant()), key);
    }

    [Theory]
    [InlineData("missing", "cannot read it")]
    [InlineData("not json", "cannot read it")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("no head", "'head' is missing or not a string")]
    [InlineData("other format", "'format' is settlement-anchor/9, expected settlement-anchor/1")]
    [InlineData("seq 0", "'seq' is not a positive integer")]
    [InlineData("bad hex", "'head' is not hex or 'signature' is not base64")]
    [InlineData("bad instant", "'signedAt' yesterday is not an ISO instant")]
    [InlineData("not a key", "'publicKey': not an ECDSA key in PEM")]
    public void A_broken_anchor_is_bad_input_naming_the_file_and_the_field(string broken, string expected)
    {
        var valid = System.Text.Json.Nodes.JsonNode.Parse(Valid())!.AsObject();
        var path = broken switch
        {
            "missing" => Path.Combine(Path.GetTempPath(), $"no-such-anchor-{Guid.NewGuid():N}.json"),
            "not json" => Write("{ seq: "),
            "[]" => Write("[]"),
            _ => Write(Edit(valid, broken).ToJsonString()),
        };
        var ex = Assert.Throws<SettleException>(() => AnchorFile.Read(path));
        Assert.StartsWith($"anchor {path}: ", ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
    }

    private static System.Text.Json.Nodes.JsonObject Edit(System.Text.Json.Nodes.JsonObject o, string how)
    {
        switch (how)
        {
            case "no head": o.Remove("head"); break;
            case "other format": o["format"] = "settlement-anchor/9"; break;
            case "seq 0": o["seq"] = 0; break;
            case "bad hex": o["head"] = "zz"; break;
            case "bad instant": o["signedAt"] = "yesterday"; break;
            case "not a key": o["publicKey"] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"; break;
        }
        return o;
    }
}
