using System.Text.Json.Nodes;

namespace Settlement.Engine.Tests;

/// <summary>
/// A small golden-file comparer (Verify.Xunit is not available here): compares two JSON trees and
/// fails with the JSON path of the first difference, so a diff in a golden file is easy to read.
/// </summary>
internal static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                return;
            case JsonObject eo:
                var ao = Assert.IsType<JsonObject>(actual);
                Assert.True(eo.Select(p => p.Key).OrderBy(k => k).SequenceEqual(ao.Select(p => p.Key).OrderBy(k => k)),
                    $"{path}: fields differ: expected [{string.Join(",", eo.Select(p => p.Key))}], got [{string.Join(",", ao.Select(p => p.Key))}]");
                foreach (var (key, value) in eo) Equal(value, ao[key], $"{path}.{key}");
                return;
            case JsonArray ea:
                var aa = Assert.IsType<JsonArray>(actual);
                Assert.True(ea.Count == aa.Count, $"{path}: expected {ea.Count} items, got {aa.Count}");
                for (int i = 0; i < ea.Count; i++) Equal(ea[i], aa[i], $"{path}[{i}]");
                return;
            default:
                Assert.True(actual is JsonValue, $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");
                Assert.True(expected.ToJsonString() == actual!.ToJsonString(), $"{path}: expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
                return;
        }
    }
}
