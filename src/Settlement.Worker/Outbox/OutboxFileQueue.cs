using System.Collections.Concurrent;
using Npgsql;

namespace Settlement.Worker.Outbox;

/// <summary>
/// Writes committed outbox batches to the outbox folder in the background, in the order they were
/// added, while the caller goes on with the next batch. When the disk falls behind the database,
/// the batches waiting are written together: one flush to disk and one update of their rows for
/// all of them (group commit, for files). A file is still written only after its row committed,
/// and its row is marked written only after the file is durable; rows a crash leaves pending are
/// written by <see cref="OutboxWriter.FlushPending"/>.
/// </summary>
internal sealed class OutboxFileQueue : IDisposable
{
    /// <summary>Committed batches held at most (each up to a thousand documents), so memory stays bounded when the disk is slow.</summary>
    public const int Capacity = 8;

    /// <summary>Files written with one flush at most.</summary>
    public const int MaxGroup = 5_000;

    private readonly BlockingCollection<IReadOnlyList<(string FileName, byte[] Bytes)>> queue = new(Capacity);
    private readonly Task writer;
    private volatile Exception? failure;

    public OutboxFileQueue(NpgsqlDataSource ds, string directory) =>
        writer = Task.Factory.StartNew(() =>
        {
            foreach (var first in queue.GetConsumingEnumerable())
            {
                if (failure is not null) continue; // after a failure: drained unwritten (the rows stay pending), so no caller waits on a full queue
                var group = new List<(string FileName, byte[] Bytes)>(first);
                while (group.Count < MaxGroup && queue.TryTake(out var more)) group.AddRange(more);
                try { OutboxWriter.WriteAndMark(ds, directory, group); }
                catch (Exception ex) { failure = ex; }
            }
        }, TaskCreationOptions.LongRunning);

    /// <summary>Queues a committed batch's files; waits while <see cref="Capacity"/> batches are queued. Throws the writer's failure, if it stopped on one.</summary>
    public void Add(IReadOnlyList<(string FileName, byte[] Bytes)> files)
    {
        if (failure is { } f) throw new IOException($"writing the outbox files failed: {f.Message}", f);
        if (files.Count > 0) queue.Add(files);
    }

    /// <summary>Waits until every queued file is written and marked; throws the writer's failure, if any.</summary>
    public void Complete()
    {
        queue.CompleteAdding();
        writer.GetAwaiter().GetResult();
        if (failure is { } f) throw new IOException($"writing the outbox files failed: {f.Message}", f);
    }

    /// <summary>Stops taking batches and waits for the writer (its failure is not thrown here: the rows stay pending).</summary>
    public void Dispose()
    {
        if (!queue.IsAddingCompleted) queue.CompleteAdding();
        writer.Wait();
        queue.Dispose();
    }
}
