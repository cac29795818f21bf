using Settlement.Worker.Portal.Html;
using Settlement.Worker.Portal.Pages;

namespace Settlement.Worker.Tests.Portal;

/// <summary>The small pieces every page relies on: encoding, Swedish amounts, the log-in redirect check.</summary>
public sealed class PortalHtmlTests
{
    [Fact]
    public void Interpolated_values_are_encoded_and_markup_is_not()
    {
        var name = "<script>alert('x')</script> & \"Co\"";
        var inner = H.Html($"<b>{name}</b>");
        var page = H.Html($"""<td title="{name}">{inner}{(IEnumerable<Markup>)[H.Raw("<br>"), H.Html($"{1021.85m}")]}</td>""");
        Assert.Equal("<td title=\"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Co&quot;\"><b>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Co&quot;</b><br>1021.85</td>", page.Value);
        Assert.Equal("Åsa Öberg", H.Html($"{"Åsa Öberg"}").Value); // Swedish letters stay readable
    }

    [Theory]
    [InlineData(1919.83, "1\u202F919,83")]
    [InlineData(0, "0,00")]
    [InlineData(-1021.855, "\u22121\u202F021,86")]
    [InlineData(1234567.5, "1\u202F234\u202F567,50")]
    public void Amounts_are_written_the_Swedish_way(decimal value, string expected)
    {
        Assert.Equal(expected, Fmt.Amount(value));
        Assert.Equal(value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), Fmt.Invariant(Math.Round(value, 2, MidpointRounding.AwayFromZero)));
    }

    [Theory]
    [InlineData("/oversikt", true)]
    [InlineData("/", true)]
    [InlineData("/bestallningar/IN240311-1?x=1", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("/\t/evil.example", false)]   // a browser drops the tab: //evil.example
    [InlineData("/\r\n/x", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_a_local_path_is_followed_after_log_in(string? url, bool local) => Assert.Equal(local, LoginPages.IsLocal(url));

    [Fact]
    public void A_session_is_valid_with_the_users_stamp_and_within_the_longest_session()
    {
        var user = new Settlement.Worker.Portal.Users.PortalUser { Id = 7, UserName = "anna", Role = "ekonomi", SessionStamp = 3 };
        var loggedIn = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var principal = Settlement.Worker.Portal.Auth.Viewer.Principal(user, "test", loggedIn);
        var max = TimeSpan.FromHours(12);
        Assert.True(Settlement.Worker.Portal.Auth.Viewer.SessionValid(principal, user, loggedIn.AddHours(11.9), max));
        Assert.False(Settlement.Worker.Portal.Auth.Viewer.SessionValid(principal, user, loggedIn.AddHours(12), max));   // however active
        Assert.False(Settlement.Worker.Portal.Auth.Viewer.SessionValid(principal, new() { Id = 7, UserName = "anna", Role = "ekonomi", SessionStamp = 4 }, loggedIn, max));
    }

    [Fact]
    public void Months_are_written_in_Swedish() =>
        Assert.Equal(("maj 2024", "dec 24", "2024-13"), (Fmt.Month("2024-05"), Fmt.ShortMonth("2024-12"), Fmt.Month("2024-13")));
}
