using Settlement.Worker.Database;

namespace Settlement.Worker.Intake;

/// <summary>
/// A document as it arrives, before it is archived: its channel and source, its bytes, its size and
/// SHA-256. For a file larger than the intake's limit, <see cref="Content"/> holds only its first
/// bytes (<see cref="InboundFiles.KeptHead"/>) while <see cref="Size"/> and <see cref="Sha256"/>
/// describe the whole file: it is refused by size (SETTLE-XML-SIZE) without being held in memory.
/// </summary>
internal sealed record InboundDocument(Channel Channel, string Source, byte[] Content, long Size, string Sha256)
{
    /// <summary>A document received whole (HTTP, the portal, a file under the limit).</summary>
    public static InboundDocument Of(Channel channel, string source, byte[] content) =>
        new(channel, source, content, content.LongLength, Hashing.Sha256Hex(content));
}
