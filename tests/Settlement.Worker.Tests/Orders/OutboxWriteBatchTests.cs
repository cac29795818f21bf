using System.Text;
using Settlement.Worker.Outbox;

namespace Settlement.Worker.Tests.Orders;

/// <summary>
/// Writing a batch of outbox files, both ways the writer has: unnamed files named once flushed
/// (Linux), and temporary names renamed (elsewhere). Every file ends with exactly its bytes, a file
/// written again replaces the old one, and no temporary name is left in the folder.
/// </summary>
public sealed class OutboxWriteBatchTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"settle-batch-{Guid.NewGuid():N}");

    public void Dispose() { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }

    private static List<(string FileName, byte[] Bytes)> Files(int count, string text) =>
        Enumerable.Range(1, count).Select(i => ($"PO-{i:D5}.xml", Encoding.UTF8.GetBytes($"<Order n=\"{i}\">{text}</Order>\n"))).ToList();

    [Fact]
    public void On_Linux_the_folder_takes_unnamed_files()
    {
        Directory.CreateDirectory(dir);
        Assert.Equal(OperatingSystem.IsLinux(), UnnamedFiles.IsSupported(dir));
        Assert.Empty(Directory.GetFiles(dir)); // the probe names a file to be sure naming works, and removes it
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_file_has_its_bytes_in_parts_larger_than_the_open_limit_and_a_rewrite_replaces(bool temporaryNames)
    {
        var first = Files(UnnamedFiles.MaxOpen + 7, "first");
        OutboxWriter.WriteBatch(dir, first, temporaryNames);
        Assert.All(first, f => Assert.Equal(f.Bytes, File.ReadAllBytes(Path.Combine(dir, f.FileName))));

        // Written again (as after a crash between the files and the marks), some with other bytes.
        var again = Files(10, "second");
        OutboxWriter.WriteBatch(dir, again, temporaryNames);
        Assert.All(again, f => Assert.Equal(f.Bytes, File.ReadAllBytes(Path.Combine(dir, f.FileName))));
        Assert.Equal(first.Count, Directory.GetFiles(dir).Length);
        Assert.DoesNotContain(Directory.GetFiles(dir), f => Path.GetFileName(f).StartsWith('.'));
    }
}
