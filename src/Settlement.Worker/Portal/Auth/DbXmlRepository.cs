using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Settlement.Worker.Portal.Auth;

/// <summary>
/// Keeps ASP.NET Core's Data Protection key ring in <c>portal_data_protection_keys</c>, so every
/// worker on the same database reads the cookies and anti-forgery tokens the others issued, and
/// a restart does not log everyone out.
/// </summary>
internal sealed class DbXmlRepository(NpgsqlDataSource ds) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = ds.OpenConnection();
        return conn.Query<string>("select xml from portal_data_protection_keys order by id").Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = ds.OpenConnection();
        conn.Execute("insert into portal_data_protection_keys (friendly_name, xml) values (@friendlyName, @xml) on conflict (friendly_name) do nothing",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
