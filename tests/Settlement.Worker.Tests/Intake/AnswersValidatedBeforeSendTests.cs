using NodaTime;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Validation;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Intake;

/// <summary>
/// Every Invoice Response is validated before it can be stored for the outbox: a valid answer comes
/// back with its bytes; one that would fail (here a receiver whose legal name is blank, an empty
/// element PEPPOL-COMMON-R001 forbids) is refused with a line naming the answer and the rule.
/// </summary>
public sealed class AnswersValidatedBeforeSendTests
{
    private static readonly Responder Responder = new(BuyerConfiguration.Default, NodaTime.Testing.FakeClock.FromUtc(2024, 6, 4), () => new LocalDate(2024, 6, 4));

    [Fact]
    public void A_valid_answer_is_built_and_an_invalid_one_is_refused()
    {
        var ok = Responder.Answer(7, WorkedExample.ExempelRusta, "F-1", DocumentType.Invoice, new LocalDate(2024, 6, 3), MatchDecision.Reject("REF", "Okänd order."));
        Assert.True(DocumentValidator.Validate(ok.Bytes).Valid);

        var blank = WorkedExample.ExempelRusta with { Name = " " };
        var refused = Assert.Throws<SettleException>(() =>
            Responder.Answer(8, blank, "F-2", DocumentType.Invoice, null, MatchDecision.Reject("REF", "Okänd order.")));
        Assert.Equal(Settlement.Worker.ExitCodes.Problem, refused.ExitCode);
        Assert.StartsWith("Invoice Response SVAR-8 (RE to F-2) fails validation and is not sent", refused.Message);
        Assert.Contains("PEPPOL-COMMON-R001", refused.Message);
    }
}
