using System.Security.Cryptography;
using System.Text;

namespace Settlement.Worker.Anchoring;

/// <summary>
/// The key that signs checkpoints of the event log's head: ECDSA P-256 with SHA-256, kept in a PEM
/// file outside the database. A database superuser can rewrite every row and recompute every hash,
/// but cannot make a signature that verifies without this file; the auditor needs only its public
/// half (<see cref="PublicPem"/>), which the anchor export carries.
/// </summary>
internal sealed class CheckpointKey : IDisposable
{
    private readonly ECDsa key;

    /// <summary>Whether the private half is here (a public key file verifies, it cannot sign).</summary>
    public bool CanSign { get; }

    /// <summary>The first 16 hex digits of the SHA-256 of the public key (SubjectPublicKeyInfo DER): which key signed.</summary>
    public string Id { get; }

    /// <summary>The public half as PEM ("PUBLIC KEY").</summary>
    public string PublicPem { get; }

    private CheckpointKey(ECDsa key, bool canSign)
    {
        this.key = key;
        CanSign = canSign;
        var spki = key.ExportSubjectPublicKeyInfo();
        Id = Hashing.Hex(SHA256.HashData(spki))[..16];
        PublicPem = PemEncoding.WriteString("PUBLIC KEY", spki);
    }

    /// <summary>Reads a private or public key PEM; a file that is not an EC key is a <see cref="SettleException"/> naming it.</summary>
    public static CheckpointKey Load(string path)
    {
        string pem;
        try { pem = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettleException($"checkpoint key {path}: cannot read it: {ex.Message}");
        }
        return FromPem(pem, $"checkpoint key {path}");
    }

    /// <summary>A key from PEM text ("PRIVATE KEY", "EC PRIVATE KEY" or "PUBLIC KEY"); <paramref name="where"/> names it in the error.</summary>
    public static CheckpointKey FromPem(string pem, string where)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            var canSign = pem.Contains("PRIVATE KEY", StringComparison.Ordinal);
            if (ecdsa.KeySize != 256) throw new SettleException($"{where}: an ECDSA P-256 key is expected, this one has {ecdsa.KeySize} bits");
            return new CheckpointKey(ecdsa, canSign);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new SettleException($"{where}: not an ECDSA key in PEM: {ex.Message}");
        }
    }

    /// <summary>
    /// The signing key at <paramref name="path"/>, made on first use (readable by its owner only),
    /// with its public half written beside it as <c>PATH.pub</c> for the auditor.
    /// </summary>
    public static CheckpointKey LoadOrCreate(string path)
    {
        if (File.Exists(path)) return Load(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var made = new CheckpointKey(ecdsa, canSign: true);
        var temp = path + ".tmp";
        File.WriteAllText(temp, ecdsa.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first: use theirs, so every checkpoint has one key.
            File.Delete(temp);
            made.Dispose();
            return Load(path);
        }
        File.WriteAllText(path + ".pub", made.PublicPem);
        return made;
    }

    public byte[] Sign(string payload)
    {
        if (!CanSign) throw new SettleException("the checkpoint key here is a public key: it verifies checkpoints but cannot sign them");
        return key.SignData(Encoding.UTF8.GetBytes(payload), HashAlgorithmName.SHA256);
    }

    public bool Verify(string payload, byte[] signature) =>
        key.VerifyData(Encoding.UTF8.GetBytes(payload), signature, HashAlgorithmName.SHA256);

    public void Dispose() => key.Dispose();
}
