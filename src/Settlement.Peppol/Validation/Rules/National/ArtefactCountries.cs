using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The countries the release's Italian, Norwegian and Greek rule sets key on, computed once per
/// document the way PEPPOL-EN16931-UBL.xslt computes its <c>$supplierCountry</c>,
/// <c>$accountingSupplierCountry</c> and <c>$customerCountry</c> parameters: the prefix of the
/// party's VAT number when there is one, else (supplier only) the tax representative's VAT prefix,
/// else the postal address country, else "XX". A seller can thus fall under a national set by its
/// VAT number alone, without any address (the official unit tests rely on this). The other sets
/// read only the address country, through <see cref="AddressCountry"/>.
/// </summary>
internal static class ArtefactCountries
{
    /// <summary>$supplierCountry: supplier VAT prefix, tax representative VAT prefix, supplier address country.</summary>
    public static string Supplier(RuleContext c) => c.Memo("artefact.supplierCountry", ctx =>
        VatPrefix(Party(ctx, "AccountingSupplierParty")) ?? VatPrefix(ctx.Root.Cac("TaxRepresentativeParty"))
        ?? PostalCountry(Party(ctx, "AccountingSupplierParty")) ?? "XX");

    /// <summary>$accountingSupplierCountry (GR-R-009): like $supplierCountry without the tax representative.</summary>
    public static string AccountingSupplier(RuleContext c) => c.Memo("artefact.accountingSupplierCountry", ctx =>
        VatPrefix(Party(ctx, "AccountingSupplierParty")) ?? PostalCountry(Party(ctx, "AccountingSupplierParty")) ?? "XX");

    /// <summary>$customerCountry: customer VAT prefix, customer address country.</summary>
    public static string Customer(RuleContext c) => c.Memo("artefact.customerCountry", ctx =>
        VatPrefix(Party(ctx, "AccountingCustomerParty")) ?? PostalCountry(Party(ctx, "AccountingCustomerParty")) ?? "XX");

    private static XElement? Party(RuleContext c, string role) => c.Root.Cac(role).Cac("Party");

    /// <summary>
    /// <c>PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)</c> taken as a
    /// condition: null when there is no such scheme or its prefix is empty (the artefact then falls through).
    /// </summary>
    private static string? VatPrefix(XElement? party)
    {
        var scheme = party.Cacs("PartyTaxScheme").FirstOrDefault(s => s.Cac("TaxScheme").Cbcs("ID").Any(i => i.Value == "VAT"));
        if (scheme is null) return null;
        var id = scheme.Cbc("CompanyID").S();
        var prefix = id.Length > 2 ? id[..2] : id;
        return prefix.Length == 0 ? null : Xp.Norm(prefix).ToUpperInvariant();
    }

    private static string? PostalCountry(XElement? party) => AddressCountry(party) is { } code ? Xp.Norm(code).ToUpperInvariant() : null;

    /// <summary>
    /// The party's postal address country code as written (null without one). Each national set
    /// reads it its own way, as its artefact does (DK and IS exactly, DE and NL trimmed and
    /// upper-cased), so the text is given untouched.
    /// </summary>
    public static string? AddressCountry(XElement? party) => party.Cac("PostalAddress").Cac("Country").Cbc("IdentificationCode")?.Value;
}
