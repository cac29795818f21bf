using System.Security.Claims;
using Settlement.Worker.Portal.Users;

namespace Settlement.Worker.Portal.Auth;

/// <summary>
/// Who is asking, from the log-in cookie's claims: the user, the role, and for a provider the
/// one organisation number whose data it may see. Every query takes <see cref="OrgScope"/>:
/// null for staff (everything), the provider's number otherwise; a row outside the scope is
/// "not found", so another provider's page is a 404 and not a 403 that would confirm it exists.
/// </summary>
internal sealed record Viewer(long UserId, string UserName, string Role, string? OrgNumber)
{
    public const string OrgClaim = "settlement:org";
    /// <summary>The user's session stamp when the cookie was issued (see <see cref="PortalUser.SessionStamp"/>).</summary>
    public const string StampClaim = "settlement:stamp";
    /// <summary>When the user logged in (Unix seconds): a session ends at most <see cref="PortalOptions.SessionMax"/> later, however active.</summary>
    public const string IssuedClaim = "settlement:issued";

    public bool IsProvider => Role == PortalRoles.Provider;
    public bool IsStaff => Role is PortalRoles.Finance or PortalRoles.Auditor;
    /// <summary>Finance staff may act; auditors read only.</summary>
    public bool CanAct => Role == PortalRoles.Finance;
    public string? OrgScope => IsProvider ? OrgNumber ?? "\0none" : null;

    public static Viewer? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (role is null) return null;
        return new Viewer(id, principal.Identity.Name ?? "", role, principal.FindFirstValue(OrgClaim));
    }

    public static ClaimsPrincipal Principal(PortalUser user, string scheme, DateTimeOffset issued)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(inv)),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.Role, user.Role),
            new(StampClaim, user.SessionStamp.ToString(inv)),
            new(IssuedClaim, issued.ToUnixTimeSeconds().ToString(inv)),
        };
        if (user.OrgNumber is not null) claims.Add(new Claim(OrgClaim, user.OrgNumber));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Whether the cookie's session is still the user's: same stamp, and logged in less than <paramref name="max"/> ago.</summary>
    public static bool SessionValid(ClaimsPrincipal principal, PortalUser user, DateTimeOffset now, TimeSpan max) =>
        principal.FindFirstValue(StampClaim) == user.SessionStamp.ToString(System.Globalization.CultureInfo.InvariantCulture)
        && long.TryParse(principal.FindFirstValue(IssuedClaim), out var issued)
        && now - DateTimeOffset.FromUnixTimeSeconds(issued) < max;
}

internal static class ViewerExtensions
{
    /// <summary>The viewer of an authorised endpoint (the authorisation policy guarantees one).</summary>
    public static Viewer Viewer(this Microsoft.AspNetCore.Http.HttpContext ctx) =>
        Auth.Viewer.From(ctx.User) ?? throw new InvalidOperationException("no authenticated viewer on an authorised endpoint");
}
