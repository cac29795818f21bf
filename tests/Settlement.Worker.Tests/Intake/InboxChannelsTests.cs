using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Builder;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Intake;
using Settlement.Worker.Jobs;
using Settlement.Worker.Orders;
using Settlement.Worker.Portal;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Worker.Tests.Intake;

/// <summary>The other two channels into the same intake: the inbox folder the worker polls, and `POST /api/inbox`.</summary>
public sealed class InboxChannelsTests : IClassFixture<TestDatabase>, IDisposable
{
    private readonly TestDatabase db;
    private readonly string root = Path.Combine(Path.GetTempPath(), $"channels-{Guid.NewGuid():N}");
    private static readonly BuyerConfiguration Buyer = WorkedExample.Buyer;
    private readonly string order;

    public InboxChannelsTests(TestDatabase db)
    {
        this.db = db;
        order = WorkedExample.IssueAndDeliver(db, Outbox);
    }

    private string Outbox => Path.Combine(root, "outbox");

    public void Dispose() { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }

    private byte[] Invoice(string number, string line, decimal quantity) =>
        UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.Invoice(order, number, line, quantity, new LocalDate(2024, 6, 10))));

    [Fact]
    public void The_inbox_folder_is_taken_in_once_and_its_files_moved_to_processed()
    {
        var inbox = Path.Combine(root, "inbox");
        Directory.CreateDirectory(inbox);
        File.WriteAllBytes(Path.Combine(inbox, "a.xml"), Invoice("F-IN-1", "3", 16.50m));
        File.WriteAllBytes(Path.Combine(inbox, "b.xml"), Invoice("F-IN-2", "2", 22.00m));
        File.WriteAllBytes(Path.Combine(inbox, ".partial.tmp"), [1, 2, 3]);
        var intake = new IntakeService(db.DataSource, Buyer, new Responder(Buyer, NodaTime.Testing.FakeClock.FromUtc(2024, 6, 10), () => new LocalDate(2024, 6, 10)), Outbox);

        Assert.Equal(2, InboxPollJob.Poll(intake, inbox));
        Assert.Equal(0, InboxPollJob.Poll(intake, inbox));
        Assert.Equal(["a.xml", "b.xml"], Directory.GetFiles(Path.Combine(inbox, "processed")).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(Path.Combine(inbox, ".partial.tmp")));   // a file still being written is left alone
        using var conn = db.Connect();
        Assert.Equal(["approved", "approved"], conn.Query<string>(
            "select o.outcome from inbound_documents d join inbound_outcomes o on o.document_id = d.id where d.channel = 'inbox' order by d.id"));
    }

    [Fact]
    public void The_poll_first_decides_what_was_archived_and_never_decided()
    {
        // An import (or a node) died between archiving and deciding: the next poll on any node decides it.
        var archived = InboundArchive.Store(db.DataSource, Channel.File, "crashed-import.xml", Invoice("F-CRASH-FILE", "5", 1m));
        var intake = new IntakeService(db.DataSource, Buyer, new Responder(Buyer, NodaTime.Testing.FakeClock.FromUtc(2024, 6, 10), () => new LocalDate(2024, 6, 10)), Outbox);

        Assert.Equal(0, InboxPollJob.Poll(intake, Path.Combine(root, "no-inbox-yet")));
        using var conn = db.Connect();
        Assert.Equal(1, conn.ExecuteScalar<int>("select count(*) from inbound_outcomes where document_id = @Id", archived));
        Assert.Equal(1, conn.ExecuteScalar<int>("select count(*) from responses where document_id = @Id", archived));
    }

    [Fact]
    public async Task Post_api_inbox_needs_the_token_and_runs_the_same_intake()
    {
        var app = PortalHost.Build(db.DataSource, "http://127.0.0.1:0", b =>
        {
            var options = (PortalOptions)b.Services.First(d => d.ServiceType == typeof(PortalOptions)).ImplementationInstance!;
            options.InboxToken = "hemligt-ap-token";
        }, Outbox);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            HttpRequestMessage Post(byte[] body, string? token)
            {
                var m = new HttpRequestMessage(HttpMethod.Post, "/api/inbox") { Content = new ByteArrayContent(body) };
                m.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                if (token is not null) m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return m;
            }
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Post(Invoice("F-HTTP-0", "4", 31m), null))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Post(Invoice("F-HTTP-0", "4", 31m), "fel"))).StatusCode);

            var response = await http.SendAsync(Post(Invoice("F-HTTP-1", "4", 31m), "hemligt-ap-token"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("F-HTTP-1", json.RootElement.GetProperty("documentId").GetString());
            Assert.Contains(json.RootElement.GetProperty("outcome").GetString(), new[] { "approved", "disputed" });

            // The scheme name is case-insensitive.
            var lower = Post(Invoice("F-HTTP-2", "6", 1m), null);
            lower.Headers.TryAddWithoutValidation("Authorization", "bearer hemligt-ap-token");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(lower)).StatusCode);

            var garbage = await http.SendAsync(Post("inte xml"u8.ToArray(), "hemligt-ap-token"));
            using var rejected = JsonDocument.Parse(await garbage.Content.ReadAsStringAsync());
            Assert.Equal("rejected", rejected.RootElement.GetProperty("outcome").GetString());

            using var conn = db.Connect();
            Assert.Equal(3, conn.ExecuteScalar<int>("select count(*) from inbound_documents where channel = 'http'"));
        }
        finally { await app.StopAsync(); await app.DisposeAsync(); }
    }
}
