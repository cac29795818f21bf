using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;
using Settlement.Worker.Intake;

namespace Settlement.Worker.Portal.Api;

/// <summary>
/// `POST /api/inbox`: the access point delivers one invoice or credit note (SBDH-wrapped or bare
/// UBL) in the request body, authenticated with the configured bearer token, and gets the outcome
/// back. It runs the same intake as `settle inbox import` and the inbox folder (channel `http`).
/// </summary>
internal static class InboxApi
{
    public static void Map(WebApplication app) =>
        app.MapPost("/api/inbox", Receive).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> Receive(HttpContext ctx, NpgsqlDataSource ds, PortalOptions options, BuyerConfiguration buyer, IClock clock)
    {
        if (!Authorised(ctx.Request, options.InboxToken))
            return Results.Json(new { error = "a valid bearer token is required" }, statusCode: StatusCodes.Status401Unauthorized);

        // Read at most the intake's size limit plus one byte: a larger body is refused before it is held in memory.
        var limit = InboundOptions.Default.MaxBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > limit)
                return Results.Json(new { error = $"the document is larger than {limit} bytes" }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var today = options.Today(clock);
        var intake = new IntakeService(ds, buyer, new Responder(buyer, clock, () => today), options.OutboxDirectory);
        var source = $"{ctx.Connection.RemoteIpAddress}";
        var result = await Task.Run(() => intake.Take(Channel.Http, source, buffer.ToArray()), ctx.RequestAborted);
        return Results.Json(new
        {
            archiveId = result.ArchiveId,
            documentType = result.DocumentType,
            documentId = result.DocumentId,
            outcome = result.OutcomeName,
            reasons = result.Reasons.Select(r => new { code = r.Code, text = r.Text }),
        }, statusCode: StatusCodes.Status200OK);
    }

    /// <summary>Bearer token, compared in constant time; no token configured means nobody is let in.</summary>
    private static bool Authorised(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false; // the scheme name is case-insensitive (RFC 9110)
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
