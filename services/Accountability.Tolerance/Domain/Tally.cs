namespace Accountability.Tolerance.Domain;

/// <summary>
/// The count of a committee's current voting round for one outcome. A decision needs a quorum
/// (more than Tolerance:QuorumPercent % of the members free to vote have voted) and a majority for
/// the outcome: of the members free to vote (basis "eligible", the default: abstaining or staying
/// away never helps a minority carry it) or of the votes cast (basis "cast").
/// </summary>
public sealed record Tally(int VotesFor, int Cast, int Eligible, string? Problem)
{
    public static Tally Of(Committee committee, ToleranceOutcome outcome)
    {
        var eligible = committee.Members.Count(m => m.Recusal is null);
        var cast = committee.Votes.Count;
        var votesFor = committee.Votes.Count(v => v.Outcome == outcome);
        if (cast < committee.Quorum)
        {
            return new(votesFor, cast, eligible, $"no quorum: {cast} votes of {eligible} members free to vote, {committee.Quorum} needed");
        }

        var (basis, of) = committee.MajorityBasis == ToleranceOptions.CastBasis ? (cast, "votes cast") : (eligible, "members free to vote");
        var needed = basis / 2 + 1;
        return votesFor < needed
            ? new(votesFor, cast, eligible, $"no majority for {Names.Snake(outcome)}: {votesFor} of {basis} {of}, {needed} needed")
            : new(votesFor, cast, eligible, null);
    }
}
