using Accountability.Platform.Deadlines;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>shared/domain.md §6.4: when an impact period ends, a review; an outstanding performer is approved for use again.</summary>
public sealed class ContinuedUseTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task When_an_admonishment_period_ends_the_review_falls_due_and_only_an_outstanding_cadre_is_approved_for_use_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Accountability.Tolerance.Domain.ContinuedUseReview>>();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-good", "优秀", "县商务局"), ToleranceRpc.Cadre("cadre-fair", "一般", "县商务局"));
        foreach (var target in new[] { "t1", "t2" })
        {
            var current = await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor());
            await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest
            {
                MatterId = matter.MatterId, TargetId = target, ExpectedVersion = current.Version, Forms = { "admonishment" }, Basis = "问责条例第八条",
            }, suite.Supervisor());
        }

        var reviews = (await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { Status = ReviewStatus.Running }, suite.Handler())).Reviews;
        Assert.Equal([("cadre-good", "2026-03-02", "2026-09-02"), ("cadre-fair", "2026-03-02", "2026-09-02")],
            reviews.Select(r => (r.Cadre.CadreId, r.ImpactStartsOn, r.ImpactEndsOn)).OrderByDescending(r => r.CadreId));
        var good = reviews.Single(r => r.Cadre.CadreId == "cadre-good");
        var fair = reviews.Single(r => r.Cadre.CadreId == "cadre-fair");
        var early = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Review(suite, good.ReviewId, Performance.Outstanding));
        Assert.Contains("RUNNING (the impact period runs until 2026-09-01)", early.Status.Detail, StringComparison.Ordinal);

        // The last day of the six months: nothing yet.
        suite.AdvanceTo(new DateTimeOffset(2026, 9, 1, 23, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        await monitor.ScanAsync(ct);
        Assert.Empty(await suite.EventsAsync("continued-use-review-due:v1"));
        Assert.Empty((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { Status = ReviewStatus.Due }, suite.Handler())).Reviews);

        // The first day after it: each review is due, raised once.
        suite.AdvanceTo(new DateTimeOffset(2026, 9, 2, 8, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        await monitor.ScanAsync(ct);
        var due = await suite.EventsAsync("continued-use-review-due:v1");
        Assert.Equal(2, due.Count);
        var goodDue = Assert.Single(await suite.PayloadsAsync("continued-use-review-due:v1", good.ReviewId));
        Assert.Equal(("2026-09-02", "cadre-good"), (goodDue.GetProperty("impactEndedOn").GetString(), goodDue.GetProperty("cadre").GetProperty("cadreId").GetString()));
        Assert.Equal(2, (await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { Status = ReviewStatus.Due }, suite.As("orgdept"))).Reviews.Count);

        // Reviewed: one outstanding, one satisfactory. Only the outstanding one is approved.
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Approve(suite, good.ReviewId));
        var reviewed = await Review(suite, good.ReviewId, Performance.Outstanding);
        await Review(suite, fair.ReviewId, Performance.Satisfactory);
        Assert.Equal((ReviewStatus.Reviewed, "2026-09-02"), (reviewed.Status, reviewed.ReviewedOn));
        var notOutstanding = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Approve(suite, fair.ReviewId));
        Assert.Contains("performance satisfactory, not outstanding", notOutstanding.Status.Detail, StringComparison.Ordinal);
        var approved = await Approve(suite, good.ReviewId);
        Assert.Equal((ReviewStatus.Approved, "县委常委会", "县委〔2026〕12号"), (approved.Status, approved.ApprovedBy, approved.ApprovalReference));

        var event_ = Assert.Single(await suite.EventsAsync("continued-use-approved:v1"));
        Assert.Contains(good.ReviewId, event_.Payload, StringComparison.Ordinal);
        Assert.Contains("\"approvedOn\":\"2026-09-02\"", event_.Payload, StringComparison.Ordinal);
        Assert.Equal(["review.opened", "review.review", "review.approve"], await suite.AuditActionsAsync(good.ReviewId));
        await suite.AssertAuditChainValidAsync();
    }

    private static Task<ContinuedUseReview> Review(SuiteHost suite, string reviewId, Performance performance) =>
        suite.Tolerance().RecordContinuedUseReviewAsync(new RecordContinuedUseReviewRequest { ReviewId = reviewId, Performance = performance, Opinion = "影响期内工作表现" }, suite.Handler()).ResponseAsync;

    private static Task<ContinuedUseReview> Approve(SuiteHost suite, string reviewId) =>
        suite.Tolerance().ApproveContinuedUseAsync(new ApproveContinuedUseRequest { ReviewId = reviewId, ApprovedBy = "县委常委会", ApprovalReference = "县委〔2026〕12号" }, suite.Supervisor()).ResponseAsync;
}
