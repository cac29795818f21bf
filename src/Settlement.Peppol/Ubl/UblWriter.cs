using System.Collections.Concurrent;
using System.Text;
using System.Xml;
using System.Xml.Serialization;

namespace Settlement.Peppol.Ubl;

/// <summary>
/// Serialises the UBL model deterministically: UTF-8 without BOM, two-space indent, LF line ends,
/// the document namespace as default and only the cac/cbc prefixes. The same model always gives
/// the same bytes, which is what lets orders be golden-file tested and resends be byte-identical.
/// </summary>
public static class UblWriter
{
    private static readonly ConcurrentDictionary<Type, XmlSerializer> Serializers = new();

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
    };

    public static byte[] Write(Order order) => Write(order, UblNamespaces.Order);
    public static byte[] Write(Invoice invoice) => Write(invoice, UblNamespaces.Invoice);
    public static byte[] Write(CreditNote creditNote) => Write(creditNote, UblNamespaces.CreditNote);
    public static byte[] Write(ApplicationResponse response) => Write(response, UblNamespaces.ApplicationResponse);

    private static byte[] Write<T>(T document, string documentNamespace) where T : class
    {
        var serializer = Serializers.GetOrAdd(typeof(T), t => new XmlSerializer(t));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
            serializer.Serialize(writer, document, UblNamespaces.For(documentNamespace));
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads a UBL document of a known type back into the model (unknown elements are ignored).</summary>
    public static T Read<T>(System.Xml.Linq.XElement root) where T : class
    {
        var serializer = Serializers.GetOrAdd(typeof(T), t => new XmlSerializer(t));
        using var reader = root.CreateReader();
        return (T)serializer.Deserialize(reader)!;
    }
}
