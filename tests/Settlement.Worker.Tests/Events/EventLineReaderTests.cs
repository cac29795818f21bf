using System.Text;
using Settlement.Worker.Events;

namespace Settlement.Worker.Tests.Events;

/// <summary>The streaming reader splits a file into the lines an editor shows, whatever falls on its buffer's edges.</summary>
public sealed class EventLineReaderTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"lines-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(file);

    private (int Counted, List<EventLineText.Line> Lines) Read(byte[] bytes, int chunk = 7)
    {
        File.WriteAllBytes(file, bytes);
        using var reader = EventLineReader.Open(file);
        var lines = new List<EventLineText.Line>();
        while (reader.ReadChunk(lines, chunk)) { }
        return (reader.Lines, lines);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("a", new[] { "a" })]
    [InlineData("a\n", new[] { "a" })]
    [InlineData("a\n\nb", new[] { "a", "", "b" })]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" })]
    [InlineData("\r\n\r", new[] { "", "" })]
    [InlineData("a\rb\n", new[] { "a\rb" })]
    public void Lines_end_at_LF_a_CR_before_it_is_dropped(string content, string[] expected)
    {
        var (counted, lines) = Read(Encoding.UTF8.GetBytes(content));
        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, expected.Length), lines.Select(l => l.Number));
        Assert.Equal(expected.Length, counted);
    }

    [Fact]
    public void A_BOM_is_dropped_at_the_start_only()
    {
        Assert.Equal(["{}", "\uFEFF{}"], Read([0xEF, 0xBB, 0xBF, .. "{}\n\uFEFF{}"u8]).Lines.Select(l => l.Text));
        Assert.Empty(Read([0xEF, 0xBB, 0xBF]).Lines);
        var half = Assert.Single(Read([0xEF, 0xBB]).Lines);
        Assert.Equal("the line is not valid UTF-8 (byte 1)", half.Problem);
    }

    [Fact]
    public void A_line_that_is_not_UTF8_is_kept_as_base64_and_the_next_lines_keep_their_numbers()
    {
        var (_, lines) = Read([.. "ok\n"u8, 0x61, 0xC3, 0x28, .. "\r\nnext\n"u8]);
        Assert.Equal((2, "base64:YcMo", "the line is not valid UTF-8 (byte 2)"), (lines[1].Number, lines[1].Text, lines[1].Problem));
        Assert.Equal((3, "next", (string?)null), (lines[2].Number, lines[2].Text, lines[2].Problem));
    }

    [Fact]
    public void Lines_across_the_buffers_edges_and_longer_than_the_buffer_are_read_whole()
    {
        // Multi-byte characters land on every offset of the 64 KiB buffer's edges; one line is 200 KB.
        var expected = Enumerable.Range(0, 20_000).Select(i => i == 5_000 ? new string('x', 200_000) : $"{{\"n\":{i},\"city\":\"{new string('å', i % 13)}\"}}").ToList();
        var (counted, lines) = Read(Encoding.UTF8.GetBytes(string.Join("\n", expected)), chunk: 1_000);
        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Null(l.Problem));
        Assert.Equal(20_000, counted);
    }
}
