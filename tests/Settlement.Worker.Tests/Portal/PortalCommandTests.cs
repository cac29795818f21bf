using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Portal;

/// <summary>`settle portal --urls URL` as an operator starts it: a real process serving the log-in page.</summary>
public sealed class PortalCommandTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public async Task Settle_portal_serves_the_log_in_page_on_the_url_given_and_refuses_the_api_without_a_log_in()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "settle.dll"), "portal", "--urls", url, "--db", db.ConnectionString })
            psi.ArgumentList.Add(a);
        psi.Environment["SETTLEMENT_LOG_DIR"] = Path.Combine(Path.GetTempPath(), "settle-test-logs");
        using var process = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? login = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (login is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try { login = await http.GetAsync("/logga-in"); }
                catch (HttpRequestException) { await Task.Delay(250); }
            }
            Assert.True(login is not null, $"settle portal did not answer on {url}: {stderr}");
            Assert.Equal(HttpStatusCode.OK, login!.StatusCode);
            var html = await login.Content.ReadAsStringAsync();
            Assert.Contains("<h1>Logga in</h1>", html);
            Assert.Contains("name=\"__RequestVerificationToken\"", html);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/orders")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/oversikt")).StatusCode);
            lock (stderr) Assert.Contains($"listening on {url}", stderr.ToString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
