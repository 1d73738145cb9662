namespace ApprovalFunctions.LoadGenerator.Simulation;

/// <summary>A text in the two locales every simulated instance carries (zh-CN is the default).</summary>
internal sealed record LocalizedText(string Chinese, string English);

/// <summary>A process definition of the simulated source system: its approval code and its chain of approval nodes.</summary>
internal sealed record ApprovalProcess(string ApprovalCode, string DocumentPrefix, LocalizedText Name, IReadOnlyList<LocalizedText> Nodes)
{
    /// <summary>The processes an OA/ERP system typically routes through Feishu.</summary>
    public static IReadOnlyList<ApprovalProcess> All { get; } =
    [
        new("LG_EXPENSE_CLAIM", "EXP", new("报销申请", "Expense claim"),
        [
            new("直属上级审批", "Line manager"), new("部门负责人审批", "Head of department"), new("财务审核", "Finance review"),
            new("财务总监审批", "Finance director"), new("出纳付款", "Cashier"),
        ]),
        new("LG_LEAVE_REQUEST", "LVE", new("请假申请", "Leave request"),
        [
            new("直属上级审批", "Line manager"), new("人事审核", "HR review"), new("部门负责人审批", "Head of department"),
            new("人事备案", "HR records"),
        ]),
        new("LG_PURCHASE_ORDER", "PO", new("采购申请", "Purchase order"),
        [
            new("直属上级审批", "Line manager"), new("采购审核", "Procurement review"), new("预算审核", "Budget control"),
            new("法务审核", "Legal review"), new("总经理审批", "General manager"), new("采购执行", "Purchasing"),
        ]),
    ];
}
