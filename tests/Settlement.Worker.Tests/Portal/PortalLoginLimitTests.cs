using System.Net;
using Microsoft.AspNetCore.Builder;
using Settlement.Worker.Portal;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Portal;

/// <summary>Log-in attempts are limited per client address (a proxy's X-Forwarded-For names the client when the proxy is local).</summary>
public sealed class PortalLoginLimitTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_client_making_too_many_log_in_attempts_gets_429_and_another_client_does_not()
    {
        var app = PortalHost.Build(db.DataSource, "http://127.0.0.1:0", b =>
            ((PortalOptions)b.Services.First(d => d.ServiceType == typeof(PortalOptions)).ImplementationInstance!).LoginAttemptsPerMinute = 3,
            Path.Combine(Path.GetTempPath(), $"limit-outbox-{Guid.NewGuid():N}"));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            async Task<HttpStatusCode> Attempt(string client)
            {
                var post = new HttpRequestMessage(HttpMethod.Post, "/logga-in")
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["anvandarnamn"] = "gissare", ["losenord"] = "fel" }),
                };
                post.Headers.Add("X-Forwarded-For", client); // as the local TLS proxy passes the client on
                return (await http.SendAsync(post)).StatusCode;
            }
            for (var i = 0; i < 3; i++) Assert.NotEqual(HttpStatusCode.TooManyRequests, await Attempt("203.0.113.7"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await Attempt("203.0.113.7"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await Attempt("203.0.113.8"));
        }
        finally { await app.StopAsync(); await app.DisposeAsync(); }
    }
}
