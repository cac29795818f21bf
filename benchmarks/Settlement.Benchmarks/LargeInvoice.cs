using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Settlement.Peppol.Ubl;

namespace Settlement.Benchmarks;

/// <summary>
/// A valid invoice of many lines, made from the official zero-rated example (one line of 1,200.00):
/// its line copied <c>lines</c> times with ids 1…n, and every total and the taxable amount raised by
/// the copies, so the whole document still adds up and every rule runs over every line.
/// </summary>
internal static class LargeInvoice
{
    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;

    public static byte[] Make(string zeroRatedExample, int lines)
    {
        var doc = XDocument.Load(zeroRatedExample);
        var root = doc.Root!;
        var line = root.Element(Cac + "InvoiceLine")!;
        var amount = decimal.Parse(line.Element(Cbc + "LineExtensionAmount")!.Value, CultureInfo.InvariantCulture);
        for (var i = 2; i <= lines; i++)
        {
            var copy = new XElement(line);
            copy.Element(Cbc + "ID")!.Value = i.ToString(CultureInfo.InvariantCulture);
            root.Add(copy);
        }
        var added = amount * (lines - 1);
        var totals = root.Element(Cac + "LegalMonetaryTotal")!;
        foreach (var name in new[] { "LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount", "PayableAmount" })
            Raise(totals.Element(Cbc + name)!, added);
        Raise(root.Element(Cac + "TaxTotal")!.Element(Cac + "TaxSubtotal")!.Element(Cbc + "TaxableAmount")!, added);
        return Encoding.UTF8.GetBytes(doc.ToString(SaveOptions.DisableFormatting));
    }

    private static void Raise(XElement amount, decimal by) =>
        amount.Value = (decimal.Parse(amount.Value, CultureInfo.InvariantCulture) + by).ToString("0.00", CultureInfo.InvariantCulture);
}
