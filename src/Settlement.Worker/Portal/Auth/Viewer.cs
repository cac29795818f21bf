using System.Security.Claims;
using Settlement.Worker.Portal.Users;

namespace Settlement.Worker.Portal.Auth;

/// <summary>
/// Who is asking, from the log-in cookie's claims: the user, the role, and for a provider the
/// one organisation number whose data it may see. Every query takes <see cref="OrgScope"/>:
/// null for staff (everything), the provider's number otherwise; a row outside the scope is
/// "not found", so another provider's page is a 404 and not a 403 that would confirm it exists.
/// </summary>
public sealed record Viewer(long UserId, string UserName, string Role, string? OrgNumber)
{
    public const string OrgClaim = "settlement:org";

    public bool IsProvider => Role == PortalRoles.Provider;
    public bool IsStaff => Role is PortalRoles.Finance or PortalRoles.Auditor;
    /// <summary>Finance staff may act; auditors read only.</summary>
    public bool CanAct => Role == PortalRoles.Finance;
    public string? OrgScope => IsProvider ? OrgNumber ?? "\0none" : null;

    public bool MaySee(string providerOrg) => !IsProvider || string.Equals(OrgNumber, providerOrg, StringComparison.Ordinal);

    public static Viewer? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (role is null) return null;
        return new Viewer(id, principal.Identity.Name ?? "", role, principal.FindFirstValue(OrgClaim));
    }

    public static ClaimsPrincipal Principal(PortalUser user, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.OrgNumber is not null) claims.Add(new Claim(OrgClaim, user.OrgNumber));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}

public static class ViewerExtensions
{
    /// <summary>The viewer of an authorised endpoint (the authorisation policy guarantees one).</summary>
    public static Viewer Viewer(this Microsoft.AspNetCore.Http.HttpContext ctx) =>
        Auth.Viewer.From(ctx.User) ?? throw new InvalidOperationException("no authenticated viewer on an authorised endpoint");
}
