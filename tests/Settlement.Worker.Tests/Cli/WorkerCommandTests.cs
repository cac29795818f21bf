using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Settlement.Peppol.Parties;
using Settlement.Worker.Hosting;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Tests.Processes;

namespace Settlement.Worker.Tests.Cli;

/// <summary>`settle worker` (and `settle portal`) as an operator starts them: where they listen, and a port already taken.</summary>
public sealed class WorkerCommandTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Worker_without_urls_says_on_stderr_where_it_listens_and_answers_there()
    {
        using var settle = new Settle();
        using var worker = settle.Start("worker", "--db", db.ConnectionString, "--outbox", Path.Combine(settle.WorkDir, "outbox"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Match listening;
        while (!(listening = Regex.Match(worker.Err, @"^settle worker: listening on (http://127\.0\.0\.1:\d+)\s*$", RegexOptions.Multiline)).Success)
        {
            Assert.False(worker.HasExited, "the worker stopped: " + worker.Err);
            Assert.True(DateTime.UtcNow < deadline, "no address line on stderr: " + worker.Err);
            await Task.Delay(100);
        }
        using var http = new HttpClient { BaseAddress = new Uri(listening.Groups[1].Value), Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("ok", await http.GetStringAsync("/health"));
    } // disposing the process kills it

    [Theory]
    [InlineData("worker")]
    [InlineData("portal")]
    public void A_port_already_taken_is_exit_2_with_one_line_naming_the_address(string command)
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
            using var settle = new Settle();
            var r = settle.Run(command, "--urls", url, "--db", db.ConnectionString);
            Assert.Equal(2, r.ExitCode);
            var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith($"settle {command}:"));
            Assert.StartsWith($"settle {command}: --urls {url}: cannot listen", line);
            Assert.DoesNotContain("   at ", r.Err); // the stack trace is in the log file only
        }
        finally { taken.Stop(); }
    }

    [Fact]
    public async Task The_workers_portal_uses_the_configured_buyer_as_its_jobs_do()
    {
        var app = WorkerHost.Build(db.ConnectionString, "http://127.0.0.1:0", Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}"),
            b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Settlement:Buyer:Name"] = "Testmyndigheten" }));
        await using (app)
        {
            // The portal's invoicing and inbox take the buyer from the container, as the worker's jobs do.
            Assert.Equal("Testmyndigheten", app.Services.GetRequiredService<BuyerConfiguration>().Party.Name);
            var documents = (Settlement.Worker.Orders.PeppolOrderDocuments)app.Services.GetRequiredService<Settlement.Worker.Orders.IOrderDocuments>();
            Assert.Same(app.Services.GetRequiredService<BuyerConfiguration>(), documents.Buyer);
        }
    }
}
