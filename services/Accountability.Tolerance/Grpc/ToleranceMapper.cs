using Accountability.Platform.Deadlines;
using Accountability.Tolerance.Domain;
using Google.Protobuf.WellKnownTypes;
using Api = Accountability.Protos.Tolerance.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Tolerance.Grpc;

/// <summary>Maps stored documents to API messages and requests to domain values (enums by value: the domain mirrors the proto).</summary>
public static class ToleranceMapper
{
    public static Api.Matter ToApi(Matter matter)
    {
        var message = new Api.Matter
        {
            MatterId = matter.Id,
            Version = matter.Version,
            Source = (Api.MatterSource)matter.Source,
            SourceReference = matter.SourceReference,
            ClueId = matter.ClueId ?? "",
            ProposalId = matter.ProposalId ?? "",
            Department = matter.Department ?? "",
            Facts = matter.Facts,
            DutyBreached = matter.DutyBreached,
            ProposedForm = matter.ProposedForm ?? "",
            Status = (Api.MatterStatus)matter.Status,
            OpenedAt = Timestamp.FromDateTimeOffset(matter.OpenedAt),
        };
        message.Targets.AddRange(matter.Targets.Select(t => new Api.Target
        {
            TargetId = t.TargetId,
            Kind = (Api.TargetKind)t.Kind,
            Cadre = t.Cadre is { } c ? ToApi(c) : null,
            OrganisationName = t.OrganisationName ?? "",
            ApplicationId = t.ApplicationId ?? "",
            DecisionId = t.DecisionId ?? "",
        }));
        message.Steps.AddRange(matter.Steps.Select(ToApi));
        return message;
    }

    public static Api.MatterSummary ToSummary(Matter matter) => new()
    {
        MatterId = matter.Id,
        Source = (Api.MatterSource)matter.Source,
        Status = (Api.MatterStatus)matter.Status,
        TargetNames = string.Join("、", matter.Targets.Select(t => t.DisplayName)),
        Department = matter.Department ?? "",
        OpenedAt = Timestamp.FromDateTimeOffset(matter.OpenedAt),
    };

    public static Api.Application ToApi(ToleranceApplication application, Evaluation? evaluation, DeadlineClock deadlines, DateTimeOffset now)
    {
        var message = new Api.Application
        {
            ApplicationId = application.Id,
            Version = application.Version,
            MatterId = application.MatterId,
            TargetId = application.TargetId,
            Cadre = ToApi(application.Cadre),
            Department = application.Department ?? "",
            ApplicantKind = (Api.ApplicantKind)application.ApplicantKind,
            ApplicantName = application.ApplicantName,
            WrittenOn = application.WrittenOn,
            Reference = application.Reference,
            Statement = application.Statement,
            Status = (Api.ApplicationStatus)application.Status,
            RejectionReason = application.RejectionReason ?? "",
            WithdrawalReason = application.WithdrawalReason ?? "",
            Evaluation = evaluation is null ? null : ToApi(evaluation),
            FiledAt = Timestamp.FromDateTimeOffset(application.FiledAt),
        };
        message.ClaimedGrounds.AddRange(application.ClaimedGrounds.Select(g => (Api.ToleranceGround)g));
        message.ClaimedMitigations.AddRange(application.ClaimedMitigations.Select(m => (Api.Mitigation)m));
        if (application.Verification is { } verification)
        {
            message.Verification = new Api.Verification
            {
                Facts = ToApi(verification.Facts),
                Summary = verification.Summary,
                VerifiedBy = verification.VerifiedBy,
                VerifiedAt = Timestamp.FromDateTimeOffset(verification.VerifiedAt),
            };
            message.Verification.Factors.AddRange(verification.Factors.Select(f =>
            {
                var factor = new Api.Factor { Kind = (Api.AssessmentFactor)f.Kind, Finding = f.Finding };
                factor.Evidence.AddRange(f.Evidence.Select(ToApi));
                return factor;
            }));
            message.Verification.EstablishedGrounds.AddRange(verification.EstablishedGrounds.Select(g => (Api.ToleranceGround)g));
            message.Verification.EstablishedMitigations.AddRange(verification.EstablishedMitigations.Select(m => (Api.Mitigation)m));
        }

        if (application.Committee is { } committee)
        {
            message.Committee = new Api.Committee
            {
                Name = committee.Name,
                MeetingDate = committee.MeetingDate,
                Quorum = committee.Quorum,
                Round = committee.Round,
                EligibleMembers = committee.Members.Count(m => m.Recusal is null),
                MajorityBasis = committee.MajorityBasis,
            };
            message.Committee.Members.AddRange(committee.Members.Select(ToApi));
            message.Committee.Votes.AddRange(Votes(application));
            message.Committee.ClosedRounds.AddRange(committee.ClosedRounds.Select(r =>
            {
                var round = new Api.VotingRound { Round = r.Round, Reason = r.Reason, ClosedBy = r.ClosedBy, ClosedAt = Timestamp.FromDateTimeOffset(r.ClosedAt) };
                round.Votes.AddRange(r.Votes.Select(vote => ToApi(vote, dissent: false)));
                return round;
            }));
        }

        if (application.Decision is { } decision)
        {
            message.Decision = ToApi(decision);
        }

        if (application.Feedback is { } feedback)
        {
            message.Feedback = new Api.Feedback { DeliveredOn = feedback.DeliveredOn, Reference = feedback.Reference, Method = feedback.Method };
        }

        message.Filings.AddRange(application.Filings.Select(ToApi));
        if (application.Publication is { } publication)
        {
            message.Publication = new Api.Publication { Scope = publication.Scope, Notice = publication.Notice, PublishedOn = publication.PublishedOn, PublishedBy = publication.PublishedBy };
        }

        message.Deadlines.AddRange(application.Deadlines.Select(d => ToApi(d, deadlines, now)));
        message.Steps.AddRange(application.Steps.Select(ToApi));
        return message;
    }

    public static Api.ApplicationSummary ToSummary(ToleranceApplication application, DeadlineClock deadlines) => new()
    {
        ApplicationId = application.Id,
        MatterId = application.MatterId,
        CadreName = application.Cadre.Name,
        Status = (Api.ApplicationStatus)application.Status,
        Outcome = (Api.ToleranceOutcome)(application.Decision?.Outcome ?? ToleranceOutcome.Unspecified),
        NextDueDate = application.NextDueDate ?? "",
        Overdue = application.NextDueDate is { } due && string.CompareOrdinal(due, DeadlineClock.Format(deadlines.Today())) < 0,
        FiledAt = Timestamp.FromDateTimeOffset(application.FiledAt),
    };

    /// <summary>The votes of the current round, each marked as dissent when it differs from the decided outcome.</summary>
    public static IEnumerable<Api.Vote> Votes(ToleranceApplication application) =>
        (application.Committee?.Votes ?? []).Select(v => ToApi(v, dissent: application.Decision is { } decided && decided.Outcome != v.Outcome));

    private static Api.Vote ToApi(Vote vote, bool dissent) => new()
    {
        MemberId = vote.MemberId,
        Outcome = (Api.ToleranceOutcome)vote.Outcome,
        Opinion = vote.Opinion,
        CastAt = Timestamp.FromDateTimeOffset(vote.CastAt),
        Dissent = dissent,
    };

    public static Api.CommitteeMember ToApi(Member member)
    {
        var message = new Api.CommitteeMember
        {
            MemberId = member.MemberId,
            Name = member.Name,
            Unit = member.Unit,
            MustRecuse = member.Recusal is not null,
            RecusalReason = member.Recusal ?? "",
        };
        message.RelatedCadreIds.AddRange(member.RelatedCadreIds);
        message.RelatedPersons.AddRange(member.RelatedPersons.Select(p => new Api.RelatedPerson { Name = p.Name, Unit = p.Unit }));
        return message;
    }

    public static Api.ToleranceDecision ToApi(ToleranceDecision decision) => new()
    {
        Outcome = (Api.ToleranceOutcome)decision.Outcome,
        SuggestedOutcome = (Api.ToleranceOutcome)decision.SuggestedOutcome,
        Reason = decision.Reason,
        DecidedOn = decision.DecidedOn,
        DecidedBy = decision.DecidedBy,
        VotesFor = decision.VotesFor,
        VotesCast = decision.VotesCast,
    };

    public static Api.Evaluation ToApi(Evaluation evaluation)
    {
        var message = new Api.Evaluation
        {
            EvaluationId = evaluation.Id,
            RuleSetVersion = evaluation.RuleSetVersion,
            RuleSetSha256 = evaluation.RuleSetSha256,
            EvaluatedAt = Timestamp.FromDateTimeOffset(evaluation.EvaluatedAt),
            Facts = ToApi(evaluation.Inputs.Facts),
            Eligible = evaluation.Result.Eligible,
            SuggestedOutcome = (Api.ToleranceOutcome)evaluation.Result.SuggestedOutcome,
            DecidingRuleId = evaluation.Result.DecidingRuleId ?? "",
        };
        message.Grounds.AddRange(evaluation.Inputs.Grounds.Select(g => (Api.ToleranceGround)g));
        message.Mitigations.AddRange(evaluation.Inputs.Mitigations.Select(m => (Api.Mitigation)m));
        message.FiredRules.AddRange(evaluation.Result.FiredRules.Select(r => new Api.FiredRule
        {
            RuleId = r.RuleId,
            Kind = (Api.RuleKind)r.Kind,
            Message = r.Message,
            Outcome = (Api.ToleranceOutcome)(r.Outcome ?? ToleranceOutcome.Unspecified),
        }));
        return message;
    }

    public static Api.AccountabilityDecision ToApi(AccountabilityDecision decision, DeadlineClock deadlines, DateTimeOffset now)
    {
        var message = new Api.AccountabilityDecision
        {
            DecisionId = decision.Id,
            Version = decision.Version,
            MatterId = decision.MatterId,
            TargetId = decision.TargetId,
            TargetKind = (Api.TargetKind)decision.TargetKind,
            Cadre = decision.Cadre is { } c ? ToApi(c) : null,
            OrganisationName = decision.OrganisationName ?? "",
            Department = decision.Department ?? "",
            Exempted = decision.Exempted,
            ToleranceOutcome = (Api.ToleranceOutcome)(decision.ToleranceOutcome ?? ToleranceOutcome.Unspecified),
            ApplicationId = decision.ApplicationId ?? "",
            Basis = decision.Basis,
            DecidedOn = decision.DecidedOn,
            ApprovedOn = decision.ApprovedOn,
            Status = (Api.DecisionStatus)decision.Status,
            SupersedesDecisionId = decision.SupersedesDecisionId ?? "",
            SupersededByDecisionId = decision.SupersededByDecisionId ?? "",
            HandlingCompletedOn = decision.HandlingCompletedOn ?? "",
            ReviewId = decision.ReviewId ?? "",
        };
        message.Forms.AddRange(decision.Forms.Select(f => new Api.AccountabilityForm
        {
            Kind = f.Kind,
            Name = f.Name,
            Track = f.Track,
            Form = f.Form,
            ImpactStartsOn = f.ImpactStartsOn ?? "",
            ImpactMonths = f.ImpactMonths,
        }));
        message.Filings.AddRange(decision.Filings.Select(ToApi));
        if (decision.Appeal is { } appeal)
        {
            message.Appeal = new Api.Appeal
            {
                AppealId = appeal.AppealId,
                Appellant = appeal.Appellant,
                FiledOn = appeal.FiledOn,
                Grounds = appeal.Grounds,
                DueOn = appeal.DueOn,
                Result = (Api.AppealResult)appeal.Result,
                Reason = appeal.Reason ?? "",
                DecidedOn = appeal.DecidedOn ?? "",
                AmendedDecisionId = appeal.AmendedDecisionId ?? "",
                NotifiedOn = appeal.NotifiedOn ?? "",
                LastDay = appeal.LastDay ?? "",
            };
        }

        message.Deadlines.AddRange(decision.Deadlines.Select(d => ToApi(d, deadlines, now)));
        message.Steps.AddRange(decision.Steps.Select(ToApi));
        return message;
    }

    public static Api.RectificationTask ToApi(RectificationTask task, DeadlineClock deadlines, DateTimeOffset now)
    {
        var message = new Api.RectificationTask
        {
            TaskId = task.Id,
            Version = task.Version,
            MatterId = task.MatterId,
            Department = task.Department ?? "",
            Description = task.Description,
            Owner = task.Owner,
            DueDate = task.DueDate,
            Status = (Api.RectificationStatus)task.Status,
            Overdue = task.Deadlines.Any(d => deadlines.IsOverdue(d, now)),
            CompletedOn = task.CompletedOn ?? "",
            CompletionNote = task.CompletionNote ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(task.CreatedAt),
        };
        message.Evidence.AddRange(task.Evidence.Select(ToApi));
        message.Steps.AddRange(task.Steps.Select(ToApi));
        return message;
    }

    public static Api.ContinuedUseReview ToApi(ContinuedUseReview review, DateOnly today)
    {
        var message = new Api.ContinuedUseReview
        {
            ReviewId = review.Id,
            Version = review.Version,
            MatterId = review.MatterId,
            DecisionId = review.DecisionId,
            Cadre = ToApi(review.Cadre),
            Department = review.Department ?? "",
            ImpactStartsOn = review.ImpactStartsOn,
            ImpactEndsOn = review.ImpactEndsOn,
            Status = (Api.ReviewStatus)review.StatusOn(today),
            Performance = (Api.Performance)review.Performance,
            Opinion = review.Opinion ?? "",
            ReviewedOn = review.ReviewedOn ?? "",
            ReviewedBy = review.ReviewedBy ?? "",
            ApprovedOn = review.ApprovedOn ?? "",
            ApprovedBy = review.ApprovedBy ?? "",
            ApprovalReference = review.ApprovalReference ?? "",
        };
        message.Steps.AddRange(review.Steps.Select(ToApi));
        return message;
    }

    public static Api.RuleSet ToApi(RuleSetRecord record, bool active)
    {
        var message = new Api.RuleSet
        {
            Version = record.Id,
            Sequence = record.Sequence,
            Title = record.Content.Title,
            Basis = record.Content.Basis,
            DefaultOutcome = (Api.ToleranceOutcome)record.Content.DefaultOutcome,
            ContentSha256 = record.ContentSha256,
            PublishedAt = Timestamp.FromDateTimeOffset(record.PublishedAt),
            PublishedBy = record.PublishedBy,
            Note = record.Note,
            Active = active,
        };
        message.Rules.AddRange(record.Content.Rules.Select(r =>
        {
            var rule = new Api.Rule
            {
                RuleId = r.RuleId,
                Kind = (Api.RuleKind)r.Kind,
                Outcome = (Api.ToleranceOutcome)(r.Outcome ?? ToleranceOutcome.Unspecified),
                Message = r.Message,
            };
            rule.When.AddRange(r.When.Select(c =>
            {
                var condition = new Api.RuleCondition
                {
                    Fact = (Api.VerifiedFact)(c.Fact ?? VerifiedFact.Unspecified),
                    Ground = (Api.ToleranceGround)(c.Ground ?? ToleranceGround.Unspecified),
                    Mitigation = (Api.Mitigation)(c.Mitigation ?? Mitigation.Unspecified),
                };
                if (c.Is is { } expected)
                {
                    condition.Is = expected;
                }

                if (c.AtLeast is { } least)
                {
                    condition.AtLeast = least;
                }

                condition.AnyGround.AddRange(c.AnyGround.Select(g => (Api.ToleranceGround)g));
                return condition;
            }));
            return rule;
        }));
        return message;
    }

    /// <summary>The rules of a request as the domain holds them (unspecified enums become absent).</summary>
    public static RuleSetContent FromApi(Api.RuleSet ruleSet) => new()
    {
        Title = ruleSet.Title.Trim(),
        Basis = ruleSet.Basis.Trim(),
        DefaultOutcome = (ToleranceOutcome)ruleSet.DefaultOutcome,
        Rules = ruleSet.Rules.Select(r => new Rule
        {
            RuleId = r.RuleId.Trim(),
            Kind = (RuleKind)r.Kind,
            Outcome = r.Outcome == Api.ToleranceOutcome.Unspecified ? null : (ToleranceOutcome)r.Outcome,
            Message = r.Message.Trim(),
            When = r.When.Select(c => new RuleCondition
            {
                Fact = c.Fact == Api.VerifiedFact.Unspecified ? null : (VerifiedFact)c.Fact,
                Is = c.HasIs ? c.Is : null,
                AtLeast = c.HasAtLeast ? c.AtLeast : null,
                Ground = c.Ground == Api.ToleranceGround.Unspecified ? null : (ToleranceGround)c.Ground,
                Mitigation = c.Mitigation == Api.Mitigation.Unspecified ? null : (Mitigation)c.Mitigation,
                AnyGround = c.AnyGround.Select(g => (ToleranceGround)g).ToList(),
            }).ToList(),
        }).ToList(),
    };

    public static Api.VerifiedFacts ToApi(Facts facts) => new()
    {
        PrivateGain = facts.PrivateGain,
        DefiedExplicitBan = facts.DefiedExplicitBan,
        MajorAccident = facts.MajorAccident,
        RepeatError = facts.RepeatError,
        CollectiveDecision = facts.CollectiveDecision,
        LossesRecoveredPercent = facts.LossesRecoveredPercent,
    };

    public static Facts FromApi(Api.VerifiedFacts facts) => new()
    {
        PrivateGain = facts.PrivateGain,
        DefiedExplicitBan = facts.DefiedExplicitBan,
        MajorAccident = facts.MajorAccident,
        RepeatError = facts.RepeatError,
        CollectiveDecision = facts.CollectiveDecision,
        LossesRecoveredPercent = facts.LossesRecoveredPercent,
    };

    public static Api.Cadre ToApi(CadreInfo cadre) => new()
    {
        Name = cadre.Name,
        Unit = cadre.Unit,
        Post = cadre.Post,
        Level = (Common.Level)cadre.Level,
        CadreId = cadre.CadreId ?? "",
    };

    public static CadreInfo FromApi(Api.Cadre cadre) => new()
    {
        Name = cadre.Name.Trim(),
        Unit = cadre.Unit.Trim(),
        Post = cadre.Post.Trim(),
        Level = (Level)cadre.Level,
        CadreId = cadre.CadreId.Trim() is { Length: > 0 } id ? id : null,
    };

    public static Attachment FromApi(Common.AttachmentRef attachment) => new()
    {
        Name = attachment.Name.Trim(),
        Sha256 = attachment.Sha256,
        SizeBytes = attachment.SizeBytes,
        Uri = attachment.Uri.Trim(),
        MediaType = attachment.MediaType.Trim(),
    };

    private static Common.AttachmentRef ToApi(Attachment attachment) => new()
    {
        Name = attachment.Name,
        Sha256 = attachment.Sha256,
        SizeBytes = attachment.SizeBytes,
        Uri = attachment.Uri,
        MediaType = attachment.MediaType,
    };

    private static Api.Filing ToApi(Filing filing) => new()
    {
        FilingId = filing.FilingId,
        FiledWith = (Api.FilingRecipient)filing.FiledWith,
        FiledOn = filing.FiledOn,
        FiledBy = filing.FiledBy,
    };

    private static Api.Deadline ToApi(TrackedDeadline deadline, DeadlineClock deadlines, DateTimeOffset now) => new()
    {
        Kind = deadline.Kind,
        DueDate = deadline.DueDate,
        MetAt = deadline.MetAt is { } met ? Timestamp.FromDateTimeOffset(met) : null,
        Overdue = deadline.Kind != ToleranceDeadlines.ImpactPeriod && deadlines.IsOverdue(deadline, now),
    };

    private static Api.Step ToApi(Step step) => new()
    {
        At = Timestamp.FromDateTimeOffset(step.At),
        From = step.From,
        To = step.To,
        Action = step.Action,
        SignedBy = step.SignedBy,
        Role = step.Role,
        Note = step.Note,
    };
}
