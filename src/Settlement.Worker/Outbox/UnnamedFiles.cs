using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Settlement.Worker.Outbox;

/// <summary>
/// Linux: a batch of files is created without a name in the folder (<c>O_TMPFILE</c>), written,
/// flushed to disk together, and only then given their names (<c>linkat</c>). A reader sees no file
/// or the whole file, as with a temporary name and a rename, but the folder never shows a temporary
/// name, a crash leaves nothing behind (an unnamed file ends with its process), and each file costs
/// one directory entry instead of two: measured here 42 against 55 µs of processor per file (20,000
/// files of 6.5 KB). Where the kernel or file system cannot (<see cref="IsSupported"/>), the outbox
/// writer uses temporary names.
/// </summary>
internal static class UnnamedFiles
{
    /// <summary>Files held open at once; a batch is written in parts of this size, each flushed before its files are named.</summary>
    public const int MaxOpen = 1000;

    private const int WriteOnly = 0x1, CloseOnExec = 0x80000, Directory = 0x10000, TmpFile = 0x400000 | Directory; // O_WRONLY, O_CLOEXEC, O_DIRECTORY, O_TMPFILE
    private const int CurrentDirectory = -100, FollowLink = 0x400; // AT_FDCWD, AT_SYMLINK_FOLLOW
    private const int AlreadyExists = 17; // EEXIST
    private const int Mode = 0b110_110_110; // 0666, less the umask, as File.Create

    private static readonly ConcurrentDictionary<string, bool> Probed = new();

    /// <summary>
    /// Whether unnamed files can be created and named in the folder (Linux 3.11 or later, a file
    /// system that supports them, and /proc to name them by): probed once per folder by naming one
    /// under a temporary name and removing it.
    /// </summary>
    public static bool IsSupported(string directory) =>
        OperatingSystem.IsLinux() && Probed.GetOrAdd(directory, d =>
        {
            var probe = OutboxWriter.TemporaryPath(d, "probe");
            try
            {
                using var handle = Create(d);
                return Link(handle, probe);
            }
            catch (IOException) { return false; }
            finally { File.Delete(probe); }
        });

    /// <summary>
    /// Writes the files: per part of at most <see cref="MaxOpen"/>, every file unnamed, one flush of
    /// the file system, then the names. A name that already exists (the same document written again
    /// after a crash) is replaced atomically through a temporary name.
    /// </summary>
    public static void WriteBatch(string directory, IReadOnlyList<(string FileName, byte[] Bytes)> files)
    {
        var handles = new List<SafeFileHandle>(Math.Min(files.Count, MaxOpen));
        for (int start = 0; start < files.Count; start += MaxOpen)
        {
            int end = Math.Min(start + MaxOpen, files.Count);
            try
            {
                for (int i = start; i < end; i++)
                {
                    handles.Add(Create(directory));
                    RandomAccess.Write(handles[^1], files[i].Bytes, 0);
                }
                Prof.Time("o.syncfs", () => Durability.SyncFileSystem(directory));
                Prof.Time("o.link", () =>
                {
                    for (int i = start; i < end; i++)
                        Name(handles[i - start], directory, files[i].FileName);
                });
            }
            finally
            {
                foreach (var h in handles) h.Dispose(); // an unnamed file not yet named is gone with its handle
                handles.Clear();
            }
        }
    }

    private static SafeFileHandle Create(string directory)
    {
        int fd = open(directory, TmpFile | WriteOnly | CloseOnExec, Mode);
        if (fd < 0) throw new IOException($"cannot create an unnamed file in {directory} (errno {Marshal.GetLastPInvokeError()})");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static void Name(SafeFileHandle handle, string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        if (Link(handle, path)) return;
        var temp = OutboxWriter.TemporaryPath(directory, fileName);
        if (!Link(handle, temp)) throw new IOException($"cannot name a file {temp}: the name exists");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Gives the open unnamed file a name; false when the name exists.</summary>
    private static bool Link(SafeFileHandle handle, string path)
    {
        if (linkat(CurrentDirectory, $"/proc/self/fd/{handle.DangerousGetHandle()}", CurrentDirectory, path, FollowLink) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == AlreadyExists) return false;
        throw new IOException($"cannot name the file {path} (errno {errno})");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int linkat(int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, int flags);
}
