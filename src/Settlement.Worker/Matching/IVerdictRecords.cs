namespace Settlement.Worker.Matching;

/// <summary>
/// What the verdict on an inbound document needs to know about the records, as questions: the
/// intake answers them from its chunk's snapshot (kept current as the chunk registers and credits),
/// replay's verdict redo from the records as they stood when the document was decided. Asking
/// through one small interface is what lets <see cref="DocumentDecider"/> be one pure function
/// that both use and that tests run without a database.
/// </summary>
internal interface IVerdictRecords
{
    /// <summary>The archive id of an earlier decided document with the same bytes (SHA-256), or null.</summary>
    long? FirstWithBytes(string sha256);

    /// <summary>Whether the organisation is a provider with an agreement.</summary>
    bool IsProvider(string organisationNumber);

    /// <summary>
    /// Whether the PEPPOL id (<c>scheme:value</c>, any case) is one the provider registered, its order
    /// address or an invoicing address: its documents are accepted from those only (issue 17).
    /// </summary>
    bool IsProviderId(string organisationNumber, string participantId);

    /// <summary>When the seller's document number was taken by a registered invoice or credit note (as the reason quotes it), or null when free.</summary>
    string? NumberUsedAt(string seller, string number);

    /// <summary>The provider an order is addressed to, or null when there is no such order.</summary>
    string? OrderProvider(string orderNumber);

    /// <summary>Whether the order has that line.</summary>
    bool LineExists(string orderNumber, int lineNo);

    /// <summary>The seller's registered invoice with that number, as a credit note sees it, or null.</summary>
    CreditedInvoice? Invoice(string seller, string number);
}
