using System.Text.Json;
using Settlement.Engine.Calculation;
using Settlement.Peppol.Identifiers;

namespace Settlement.Worker.Events;

/// <summary>
/// The checks of a <c>provider</c> event, and the PEPPOL ids it registers. A provider has an order
/// address (<c>peppolId</c>, where orders go) and any number of invoicing addresses
/// (<c>invoicingIds</c>): the agency's FAQ lets a provider invoice from another id than the one it
/// receives orders on. Every id is checked as its scheme defines it (<see cref="ParticipantIdCheck"/>,
/// SETTLE-PARTY-ID), and an id another provider registered is refused (SETTLE-PARTY-ID-TAKEN): the
/// intake accepts a seller's documents from any of its ids, so a shared id would let one provider
/// invoice in another's name.
/// </summary>
internal static class ProviderCheck
{
    /// <summary>The refusal (code, message), or null when the event may be accepted.</summary>
    public static (string Code, string Message)? Refusal(JsonElement e, PlacementHistory history)
    {
        var org = EventImporter.Str(e, "orgNumber");
        var missing = new[] { "orgNumber", "name", "peppolId", "agreement" }.Where(n => EventImporter.Str(e, n) is null).ToList();
        if (missing.Count > 0)
            return (RuleCodes.EventInvalid, $"provider: {string.Join(", ", missing.Select(m => $"'{m}'"))} missing or not a non-empty string");
        if (!OrganisationNumber.TryParse(org, out var number))
            return (RuleCodes.EventInvalid, $"'orgNumber' {org} is not a Swedish organisation number (10 digits, Luhn check digit)");
        if (e.TryGetProperty("invoicingIds", out var list) && !(list.ValueKind == JsonValueKind.Array && list.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String)))
            return (RuleCodes.EventInvalid, "'invoicingIds' must be an array of strings (PEPPOL participant ids)");
        var texts = new List<(string Field, string? Text)> { ("peppolId", EventImporter.Str(e, "peppolId")) };
        if (list.ValueKind == JsonValueKind.Array) texts.AddRange(list.EnumerateArray().Select(i => ("invoicingIds", i.GetString())));
        foreach (var (field, text) in texts)
            if (ParticipantIdCheck.Failure(text, out _) is { } failed)
                return (RuleCodes.PartyId, $"'{field}' {text} fails the check of a {failed}");
        // Orders carry the provider's EndpointID with scheme 0007 (the order channel of other schemes is
        // not built yet): the order address stays the organisation number under 0007.
        ParticipantIdCheck.Failure(texts[0].Text, out var orderId);
        if (orderId != number.ToParticipantId())
            return (RuleCodes.EventInvalid, $"'peppolId' {texts[0].Text} must be the organisation number under scheme 0007 ({number.ToParticipantId()})");
        if (e.TryGetProperty("address", out var a) && a.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return (RuleCodes.EventInvalid, "'address' must be an object");
        if (history.ProviderExists(org!))
            return (RuleCodes.EventDup, $"provider {org} is already registered");
        foreach (var (id, _) in Ids(e))
            if (history.ProviderOfId(id) is { } owner && owner != org)
                return (RuleCodes.PartyIdTaken, $"PEPPOL id {id} is already registered to provider {owner}");
        return null;
    }

    /// <summary>The ids of an accepted provider event, each once, as parsed (authority prefix dropped): the order address first.</summary>
    public static IReadOnlyList<(string Id, string Role)> Ids(JsonElement e)
    {
        var ids = new List<(string Id, string Role)>();
        void Add(string? text, string role)
        {
            if (ParticipantIdCheck.Failure(text, out var id) is null && !ids.Any(x => string.Equals(x.Id, id.ToString(), StringComparison.OrdinalIgnoreCase)))
                ids.Add((id.ToString(), role));
        }
        Add(EventImporter.Str(e, "peppolId"), "order");
        if (e.TryGetProperty("invoicingIds", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var i in list.EnumerateArray()) Add(i.GetString(), "invoicing");
        return ids;
    }
}
