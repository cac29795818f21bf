using System.Text.Json.Nodes;
using NodaTime;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Events;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Tests.Processes;

namespace Settlement.Worker.Tests.Cli;

/// <summary>`settle run orders|deliveries|payments --json`: the same shape as every other JSON output.</summary>
public sealed class RunJsonTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private static JsonObject Only(string stdout, Func<JsonObject, bool> which) =>
        Assert.Single(JsonNode.Parse(stdout)!.AsArray().Select(x => x!.AsObject()), x => which(x));

    private static string[] Keys(JsonObject o) => o.Select(p => p.Key).ToArray();

    [Fact]
    public void Run_json_has_camelCase_keys_iso_dates_and_money_as_two_decimal_strings()
    {
        using var settle = new Settle();
        var outbox = Path.Combine(settle.WorkDir, "outbox");
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, Repo.Path("samples", "events-worked.jsonl"));

        var orders = settle.Run("run", "orders", "--date", "2024-03-11", "--db", db.ConnectionString, "--outbox", outbox, "--json");
        Assert.Equal(0, orders.ExitCode);
        var order = Only(orders.Out, o => (string?)o["placement"] == "GR-2024-000101");
        Assert.Equal(["number", "kind", "placement", "period", "stage", "supplementId", "total", "lines"], Keys(order));
        Assert.Equal("11395.12", order["total"]!.GetValue<string>());
        Assert.Equal(7, order["lines"]!.GetValue<int>());

        var deliveries = settle.Run("run", "deliveries", "--date", "2024-06-03", "--db", db.ConnectionString, "--json");
        Assert.Equal(0, deliveries.ExitCode);
        var may = Only(deliveries.Out, d => (string?)d["order"] == (string?)order["number"] && (int?)d["line"] == 3);
        Assert.Equal(["order", "line", "placement", "month", "status", "quantity", "amount"], Keys(may));
        Assert.Equal(("2024-05", "16.50", "1021.85"), (may["month"]!.GetValue<string>(), may["quantity"]!.GetValue<string>(), may["amount"]!.GetValue<string>()));

        // An approved invoice issued 2024-06-10 is due (and paid by the run of) 2024-07-10.
        var buyer = WorkedExample.Buyer;
        var invoice = WorkedExample.Invoice((string)order["number"]!, "F-1", "3", 16.50m, new LocalDate(2024, 6, 10)) with
            { Period = new DateInterval(new LocalDate(2024, 5, 1), new LocalDate(2024, 5, 31)), AgreementNumber = "AVT-2023-0117" };
        var intake = new IntakeService(db.DataSource, buyer, new Responder(buyer, SystemClock.Instance, () => new LocalDate(2024, 6, 10)), outbox);
        Assert.Equal(Outcome.Approved, intake.Take(Channel.File, "f-1.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(invoice))).Outcome);

        var payments = settle.Run("run", "payments", "--date", "2024-07-10", "--db", db.ConnectionString, "--outbox", outbox, "--json");
        Assert.Equal(0, payments.ExitCode);
        var paid = Only(payments.Out, _ => true);
        Assert.Equal(["invoiceId", "seller", "invoiceNumber", "dueDate", "payable"], Keys(paid));
        Assert.Equal("2024-07-10", paid["dueDate"]!.GetValue<string>());
        Assert.Equal("1277.31", paid["payable"]!.GetValue<string>()); // 16.50 × 61.93 = 1021.85, plus 25 % VAT
    }
}
