namespace Settlement.Worker.Portal.Users;

/// <summary>
/// The portal's roles, as stored in <c>portal_users.role</c> and carried as role claims:
/// finance staff, auditors (read-only) and providers (bound to one organisation number).
/// </summary>
internal static class PortalRoles
{
    public const string Finance = "ekonomi";
    public const string Auditor = "revisor";
    public const string Provider = "leverantör";

    public static readonly IReadOnlyList<string> All = [Finance, Auditor, Provider];

    /// <summary>Accepts the stored spelling, and "leverantor" for keyboards without ö.</summary>
    public static bool TryParse(string? text, out string role)
    {
        role = (text ?? "").Trim().ToLowerInvariant() switch
        {
            Finance => Finance,
            Auditor => Auditor,
            Provider or "leverantor" => Provider,
            _ => "",
        };
        return role.Length > 0;
    }

    public static string Display(string role) => role switch
    {
        Finance => "Ekonomi",
        Auditor => "Revisor",
        Provider => "Leverantör",
        _ => role,
    };
}
