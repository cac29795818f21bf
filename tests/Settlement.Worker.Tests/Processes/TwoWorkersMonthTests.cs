using Dapper;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Intake;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Tests.Processes;

/// <summary>
/// Two `settle worker` processes on one database and one inbox folder complete the month: orders,
/// deliveries, the providers' invoices through the inbox (one of them sent twice), answers and
/// payments — every order, every decision and every answer exactly once.
/// </summary>
public sealed class TwoWorkersMonthTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void Two_workers_complete_the_month_with_every_order_and_answer_exactly_once()
    {
        using var settle = new Settle();
        var outbox = Path.Combine(settle.WorkDir, "outbox");
        var inbox = Path.Combine(settle.WorkDir, "inbox");
        Directory.CreateDirectory(inbox);
        settle.Run("tariff", "import", Repo.Path("samples", "tariff.json"), "--db", db.ConnectionString);
        settle.Run("events", "import", Repo.Path("samples", "events-worked.jsonl"), "--db", db.ConnectionString);
        settle.Env["Settlement__Today"] = "2024-06-10";
        settle.Env["Settlement__Inbox__Folder"] = inbox;
        settle.Env["Settlement__Jobs__Inbox__Seconds"] = "1";
        settle.Env["Settlement__Jobs__OrderRun__Cron"] = "0/2 * * * * ?";
        settle.Env["Settlement__Jobs__DeliveryRun__Cron"] = "1/2 * * * * ?";
        settle.Env["Settlement__Jobs__PaymentRun__Cron"] = "0/2 * * * * ?";

        using var w1 = settle.Start("worker", "--db", db.ConnectionString, "--outbox", outbox);
        using var w2 = settle.Start("worker", "--db", db.ConnectionString, "--outbox", outbox);
        try
        {
            using var conn = db.Connect();
            void WaitFor(string what, Func<bool> done)
            {
                var deadline = DateTime.UtcNow.AddMinutes(2);
                while (!done())
                {
                    if (w1.HasExited || w2.HasExited) Assert.Fail("a worker stopped: " + w1.Err + w2.Err);
                    if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
                    Thread.Sleep(200);
                }
            }
            // GR-2024-000101 (March–May reported) and GR-2024-000103 (February–April): six delivered months.
            WaitFor("the deliveries", () => conn.ExecuteScalar<int>("select count(*) from deliveries where status = 'delivered'") >= 6);

            var lines = conn.Query<(string Order, int Line, string Provider, string Placement, string Article, decimal Quantity, decimal Price, LocalDate From, LocalDate To)>("""
                select l.order_number, l.line_no, o.provider_org, o.placement_id, l.article, d.quantity, l.price, l.period_from, l.period_to
                from deliveries d join order_lines l on l.order_number = d.order_number and l.line_no = d.line_no join orders o on o.number = l.order_number
                where d.status = 'delivered' and d.quantity > 0 order by 1, 2
                """).ToList();
            Assert.Equal(6, lines.Count);
            var issued = new LocalDate(2024, 5, 5); // due 2024-06-04: paid by the run of 2024-06-10
            int n = 0;
            foreach (var l in lines)
            {
                var seller = Responder.Provider(conn, null, l.Provider)!;
                var bytes = UblWriter.Write(InvoiceBuilder.BuildInvoice(new InvoiceRequest($"F-{++n}", issued, issued.PlusDays(30), seller,
                    BuyerConfiguration.Default.Party, PurchaseOrderNumber.Parse(l.Order), l.Line.ToString(), l.Article, l.Quantity, "DAY", l.Price,
                    VatRate.Standard25, l.Placement, new DateInterval(l.From, l.To))));
                Drop(inbox, $"F-{n}.xml", bytes);
                if (n == 1) Drop(inbox, "F-1-igen.xml", bytes); // the access point delivers one file twice
            }

            WaitFor("the payments", () => conn.ExecuteScalar<int>("select count(*) from outbox where file_name like 'BETALD-%' and status = 'written'") >= 6);
            Thread.Sleep(4000); // more firings of every job: nothing new may appear

            Assert.Equal(2, conn.ExecuteScalar<int>("select count(*) from orders"));
            Assert.Equal(["approved", "approved", "approved", "approved", "approved", "approved", "duplicate"],
                conn.Query<string>("select outcome from inbound_outcomes order by outcome"));
            Assert.Equal(7, conn.ExecuteScalar<int>("select count(*) from inbound_documents"));
            Assert.Equal(6, conn.ExecuteScalar<int>("select count(*) from invoices"));
            Assert.Equal(6, conn.ExecuteScalar<int>("select count(*) from payments"));
            Assert.Equal(12, conn.ExecuteScalar<int>("select count(*) from responses"));
            var files = Directory.GetFiles(outbox, "*.xml").Select(Path.GetFileName).ToList();
            Assert.Equal(6, files.Count(f => f!.StartsWith("SVAR-") && !f.Contains("-igen-")));
            Assert.Equal(1, files.Count(f => f!.Contains("-igen-")));
            Assert.Equal(6, files.Count(f => f!.StartsWith("BETALD-")));
            Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from outbox where status <> 'written'"));
            Assert.Equal(7, Directory.GetFiles(Path.Combine(inbox, "processed")).Length);
            Assert.Empty(Directory.GetFiles(Path.Combine(inbox, ".claimed")));
        }
        finally
        {
            w1.KillHard();
            w2.KillHard();
        }
    }

    /// <summary>What an access point does: write a temporary dot-file, then rename it into the inbox.</summary>
    private static void Drop(string inbox, string name, byte[] bytes)
    {
        var temp = Path.Combine(inbox, "." + name + ".tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, Path.Combine(inbox, name));
    }
}
