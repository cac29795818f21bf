using System.Xml.Linq;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Tests;

public class OrderTests
{
    private static XNamespace Cbc => UblNamespaces.Cbc;
    private static XNamespace Cac => UblNamespaces.Cac;

    private static XElement Parse(byte[] bytes) => XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;

    [Fact]
    public void Base_pay_order_has_one_DAY_line_per_month_with_the_period_rate()
    {
        var root = Parse(UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay)));
        var lines = root.Elements(Cac + "OrderLine").Select(l => l.Element(Cac + "LineItem")!).ToList();
        Assert.Equal(7, lines.Count);
        Assert.Equal(["21", "30", "31", "30", "31", "31", "10"], lines.Select(l => l.Element(Cbc + "Quantity")!.Value));
        Assert.All(lines, l => Assert.Equal("DAY", l.Element(Cbc + "Quantity")!.Attribute("unitCode")!.Value));
        Assert.All(lines, l => Assert.Equal("61.93", l.Element(Cac + "Price")!.Element(Cbc + "PriceAmount")!.Value));
        Assert.Equal(["1300.53", "1857.90", "1919.83", "1857.90", "1919.83", "1919.83", "619.30"], lines.Select(l => l.Element(Cbc + "LineExtensionAmount")!.Value));
        Assert.All(lines, l => Assert.Equal("Grundersättning", l.Element(Cac + "Item")!.Element(Cbc + "Name")!.Value));
        var first = lines[0].Element(Cac + "Delivery")!.Element(Cac + "RequestedDeliveryPeriod")!;
        Assert.Equal("2024-03-11", first.Element(Cbc + "StartDate")!.Value);
        Assert.Equal("2024-03-31", first.Element(Cbc + "EndDate")!.Value);
        var last = lines[6].Element(Cac + "Delivery")!.Element(Cac + "RequestedDeliveryPeriod")!;
        Assert.Equal("2024-09-10", last.Element(Cbc + "EndDate")!.Value);
        Assert.Equal("IN240311-1", root.Element(Cbc + "ID")!.Value);
        Assert.Equal("GR-2024-000101", root.Element(Cac + "ProjectReference")!.Element(Cbc + "ID")!.Value);
        Assert.Equal("AVT-2023-0117", root.Element(Cac + "Contract")!.Element(Cbc + "ID")!.Value);
        var total = root.Element(Cac + "AnticipatedMonetaryTotal")!;
        Assert.Equal("11395.12", total.Element(Cbc + "LineExtensionAmount")!.Value);
        Assert.Equal("2848.78", root.Element(Cac + "TaxTotal")!.Element(Cbc + "TaxAmount")!.Value);
        Assert.Equal("14243.90", total.Element(Cbc + "PayableAmount")!.Value);
    }

    [Fact]
    public void Result_orders_have_one_C62_line_priced_at_the_amount()
    {
        var speed = Parse(UblWriter.Write(OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.SpeedBonus)));
        var stage = Parse(UblWriter.Write(OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.ResultStage1)));
        foreach (var (order, name, amount) in new[] { (speed, "Snabbhetspremie", "7060.02"), (stage, "Resultatersättning steg 1", "12386.00") })
        {
            var line = Assert.Single(order.Elements(Cac + "OrderLine")).Element(Cac + "LineItem")!;
            Assert.Equal("1", line.Element(Cbc + "Quantity")!.Value);
            Assert.Equal("C62", line.Element(Cbc + "Quantity")!.Attribute("unitCode")!.Value);
            Assert.Equal(amount, line.Element(Cac + "Price")!.Element(Cbc + "PriceAmount")!.Value);
            Assert.Equal(amount, line.Element(Cbc + "LineExtensionAmount")!.Value);
            Assert.Equal(name, line.Element(Cac + "Item")!.Element(Cbc + "Name")!.Value);
        }
        Assert.Equal("IN240821-1", speed.Element(Cbc + "ID")!.Value);
        Assert.Equal("IN240821-2", stage.Element(Cbc + "ID")!.Value);
    }

    [Fact]
    public void Orders_carry_no_personal_data_only_the_placement_reference()
    {
        var xml = System.Text.Encoding.UTF8.GetString(UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay)));
        Assert.Contains("GR-2024-000101", xml);
        Assert.DoesNotMatch(@"\b\d{6,8}-?\d{4}\b(?<!5569876542)(?<!2021002114)", xml.Replace("5569876542", "").Replace("2021002114", "").Replace("556987654201", "").Replace("202100211401", ""));
    }

    [Fact]
    public void Writing_is_deterministic()
    {
        var a = UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay));
        var b = UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay));
        Assert.Equal(a, b);
        Assert.NotEqual(0xEF, a[0]); // no byte order mark
        var text = System.Text.Encoding.UTF8.GetString(a);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Order xmlns:cac=", text);
        Assert.DoesNotContain("xmlns:xsi", text);
        Assert.DoesNotContain("\r", text);
    }

    [Fact]
    public void A_month_outside_the_period_is_refused()
    {
        var bad = WorkedExample.BasePay with { PeriodEnd = new NodaTime.LocalDate(2024, 9, 5) };
        Assert.Throws<ArgumentException>(() => OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, bad));
    }

    [Fact]
    public void A_result_order_needs_its_stage()
    {
        Assert.Throws<ArgumentException>(() => OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.ResultStage1 with { Stage = null }));
    }

    public static TheoryData<string, string> Samples() => new()
    {
        { "samples/orders/GR-2024-000101-grundersattning-period-1.xml", "base" },
        { "samples/orders/GR-2024-000101-snabbhetspremie.xml", "speed" },
        { "samples/orders/GR-2024-000101-resultatersattning-steg-1.xml", "stage1" },
    };

    internal static byte[] Build(string which) => which switch
    {
        "base" => UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay)),
        "speed" => UblWriter.Write(OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.SpeedBonus)),
        _ => UblWriter.Write(OrderBuilder.BuildResultOrder(WorkedExample.Buyer, WorkedExample.ResultStage1)),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_orders_match_the_code(string path, string which) => GoldenFile.Verify(path, Build(which));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_orders_pass_the_schema_and_the_T01_rules_with_no_finding(string path, string which)
    {
        var report = DocumentValidator.Validate(Build(which));
        Assert.Equal(DocumentType.Order, report.DocumentType);
        Assert.True(report.Findings.Count == 0, $"{path}: {string.Join("\n", report.Findings)}");
        Assert.NotNull(UblSchemas.Set);
    }
}
