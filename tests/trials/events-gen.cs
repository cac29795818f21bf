#:project ../../src/Settlement.Worker/Settlement.Worker.csproj
#:property PublishAot=false
// Writes a realistic event file of exactly N lines (default 1,000,000) for tests/trials/events-1m.sh:
// the demo's generator (DemoEvents: providers, placements, parallel programmes, interruptions,
// extensions, verified results, periodic reports, in registration order) scaled up, plus what real
// files carry: every 4,999th line sent twice in the file, and every 20,000th a line that is not JSON.
// Usage: dotnet run tests/trials/events-gen.cs -- OUT [N]
using Settlement.Worker.Demo;

var output = args[0];
var wanted = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var placements = (int)Math.Ceiling(wanted / 8.0); // the demo averages about 8.4 lines a placement
var lines = DemoEvents.Generate(placements, seed: 20250401).Split('\n', StringSplitOptions.RemoveEmptyEntries);
using var w = new StreamWriter(output) { NewLine = "\n" };
int written = 0, i = 0;
while (written < wanted && i < lines.Length)
{
    var line = lines[i++];
    w.WriteLine(line); written++;
    if (written < wanted && i % 4_999 == 0) { w.WriteLine(line); written++; }
    if (written < wanted && i % 20_000 == 0) { w.WriteLine($"garbled export row {i}"); written++; }
}
if (written < wanted) throw new InvalidOperationException($"only {written} lines generated; raise the placements");
Console.Error.WriteLine($"{output}: {written} lines from {placements} placements");
