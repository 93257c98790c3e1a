namespace Accountability.CaseFiles.Domain;

/// <summary>The Chinese words dossiers, opinions and reports use for the codes events carry.</summary>
public static class Chinese
{
    private static readonly Dictionary<string, string> Measures = new()
    {
        ["talk_reminder"] = "谈话提醒",
        ["critical_education"] = "批评教育",
        ["ordered_self_examination"] = "责令检查",
        ["admonishment"] = "诫勉",
        ["exemption"] = "免予处分",
        ["party_warning"] = "党内警告",
        ["party_serious_warning"] = "党内严重警告",
        ["party_post_removal"] = "撤销党内职务",
        ["party_probation"] = "留党察看",
        ["party_expulsion"] = "开除党籍",
        ["gov_warning"] = "政务警告",
        ["gov_demerit"] = "政务记过",
        ["gov_major_demerit"] = "政务记大过",
        ["gov_demotion"] = "政务降级",
        ["gov_dismissal"] = "政务撤职",
        ["gov_expulsion"] = "政务开除",
        ["org_suspension"] = "停职检查",
        ["org_post_adjustment"] = "调整职务",
        ["org_ordered_resignation"] = "责令辞职",
        ["org_removal"] = "免职",
        ["org_demotion"] = "降职",
        ["prosecution_referral"] = "移送起诉",
        ["circulated_criticism"] = "通报",
        ["org_inspection"] = "检查",
        ["reorganisation"] = "改组",
    };

    private static readonly Dictionary<string, string> Stages = new()
    {
        ["registered"] = "登记",
        ["assigned"] = "承办",
        ["inquiry"] = "谈话函询",
        ["letter_sent"] = "函询（已发函）",
        ["talk_requested"] = "谈话函询（待谈话）",
        ["inquiry_answered"] = "谈话函询（已回复）",
        ["verifying"] = "初步核实",
        ["held"] = "暂存待查",
        ["case_filed"] = "立案审查调查",
        ["concluded"] = "办结",
    };

    private static readonly Dictionary<string, string> Talks = new()
    {
        ["reminder"] = "提醒谈话",
        ["admonishment"] = "诫勉谈话",
        ["inquiry"] = "谈话函询",
        ["pre_appointment"] = "任前廉政谈话",
        ["collective_integrity"] = "集体廉政谈话",
        ["heart_to_heart"] = "谈心谈话",
    };

    public static string Measure(string kind) => Measures.GetValueOrDefault(kind, kind);

    public static string Stage(string stage) => Stages.GetValueOrDefault(stage, stage);

    public static string Talk(string kind) => Talks.GetValueOrDefault(kind, kind);

    public static string Number(int n) => n switch { 1 => "一", 2 => "二", 3 => "三", 4 => "四", _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static string Discipline(string discipline) => discipline.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "political" => "违反政治纪律",
        "organisational" => "违反组织纪律",
        "integrity" => "违反廉洁纪律",
        "mass" => "违反群众纪律",
        "work" => "违反工作纪律",
        "life" => "违反生活纪律",
        "dutyviolation" => "职务违法",
        "dutycrime" => "职务犯罪",
        _ => discipline,
    };

    public static string Screening(string outcome) => outcome switch
    {
        "accept" => "受理",
        "route_up" => "报送上级",
        "transfer_down" => "转交下级",
        "transfer_other_organ" => "转其他机关",
        "not_in_scope" => "不属受理范围",
        "file_repeat" => "重复举报存档",
        "file_no_substance" => "无实质内容存档",
        _ => outcome,
    };

    public static string ClueSource(string? source) => source switch
    {
        "petition" => "信访举报",
        "inspection_tour" => "巡视巡察",
        "audit" => "审计",
        "supervision" => "监督检查",
        "case_handling" => "审查调查",
        "judicial_transfer" => "司法机关移送",
        "other_organ_transfer" => "其他机关移送",
        "personal_matters_check" => "个人有关事项报告查核",
        null => "信访举报",
        _ => source,
    };

    public static string Conclusion(string result) => result switch
    {
        "closed" => "予以了结",
        "accepted_and_closed" => "采信了结",
        "first_form" => "第一种形态处理",
        "case_concluded" => "审查调查终结",
        "case_filed" => "立案",
        "transferred" => "移送",
        "talk_reminder" => "谈话提醒",
        "false_accusation" => "诬告陷害，澄清正名",
        _ => result,
    };

    public static string Tolerance(string outcome) => outcome switch
    {
        "no_accountability" => "不予问责",
        "exempted" => "免予问责",
        "lighter" => "从轻问责",
        "reduced" => "减轻问责",
        "not_tolerated" => "不予容错",
        _ => outcome,
    };

    public static string Appeal(string result) => result switch
    {
        "upheld" => "维持原决定",
        "revoked" => "撤销原决定",
        "amended" => "变更原决定",
        _ => result,
    };

    public static string HandlingKind(PersonalMattersHandlingKind kind) => kind switch
    {
        PersonalMattersHandlingKind.PostponePromotion => "暂缓提拔",
        PersonalMattersHandlingKind.CancelPromotion => "取消提拔资格",
        PersonalMattersHandlingKind.Admonishment => "诫勉",
        PersonalMattersHandlingKind.PartySanction => "党纪处分",
        PersonalMattersHandlingKind.Referral => "移送问题线索",
        PersonalMattersHandlingKind.CriticalEducation => "批评教育",
        _ => kind.ToString(),
    };

    public static string Answer(OpinionAnswer answer) => answer switch
    {
        OpinionAnswer.NoIssueFound => "暂未发现影响提拔任用的问题",
        OpinionAnswer.DeferUntilResolved => "有未办结问题线索，建议暂缓，待查清问题后再作答复",
        OpinionAnswer.NotSuitable => "不宜提拔任用",
        _ => "",
    };
}
