using System.Runtime.InteropServices;

namespace Settlement.Worker.Outbox;

/// <summary>
/// Flushing to disk in bulk (Linux): <c>syncfs</c> writes every dirty page of the file system the
/// folder is on, so a batch of files costs one flush instead of one fsync each; <c>fsync</c> of the
/// folder makes the renames durable. Elsewhere (no libc) it falls back to flushing each file.
/// </summary>
internal static class Durability
{
    private const int ReadOnly = 0, Directory = 0x10000; // O_RDONLY, O_DIRECTORY

    public static void SyncFileSystem(string directory) => WithDirectory(directory, fd => syncfs(fd));

    public static void SyncDirectory(string directory) => WithDirectory(directory, fd => fsync(fd));

    private static void WithDirectory(string directory, Func<int, int> sync)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = open(directory, ReadOnly | Directory);
        if (fd < 0) throw new IOException($"cannot open {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (sync(fd) != 0) throw new IOException($"cannot flush {directory} to disk (errno {Marshal.GetLastPInvokeError()})");
        }
        finally { close(fd); }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int syncfs(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);
}
