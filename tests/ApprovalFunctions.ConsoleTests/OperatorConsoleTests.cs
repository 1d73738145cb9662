using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ApprovalFunctions.IntegrationTests.EndToEnd;
using static ApprovalFunctions.IntegrationTests.EndToEnd.SourceInstances;

namespace ApprovalFunctions.ConsoleTests;

/// <summary>
/// The operator console in Debian's chromium against the local host, Azurite and the Feishu emulator: what an operator
/// does with it, by keyboard where a person would. Screenshots land in artifacts/console (1280 px and phone width).
/// </summary>
public sealed class OperatorConsoleTests(ConsoleStack stack, Chromium chromium) : IClassFixture<ConsoleStack>, IClassFixture<Chromium>
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    static OperatorConsoleTests() => Assertions.SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Finding_an_instance_shows_desired_state_the_live_verdict_and_a_readable_timeline()
    {
        const string id = "报销单-控制台-0001";
        await PostAsync(Instance(id, 1_000, tasks: List(TaskItem("审批-1", 1_000)), approvalCode: ConsoleStack.KnownApproval));
        await stack.WaitForQueueDrainedAsync();
        var update = Instance(id, 2_000, mode: "UPDATE", tasks: List(TaskItem("审批-1", 2_000, status: "APPROVED")), approvalCode: ConsoleStack.KnownApproval);
        await PostAsync(update);
        await PostAsync(update.DeepClone().AsObject());
        await stack.WaitForQueueDrainedAsync();
        await RunReconcileRoundAsync();

        // An approver approved task 审批-1 in Feishu: the relay's record, as it writes it.
        var tappedAt = DateTimeOffset.UtcNow;
        await stack.Host.Services.GetRequiredService<IQuickActionLog>().RecordAsync(
            new QuickActionRecord
            {
                InstanceId = id, TaskId = "审批-1", ActionType = "APPROVE", WebhookId = "qa_console", ReceivedAt = tappedAt, RelayedAt = tappedAt.AddMilliseconds(2),
                Outcome = "accepted", SourceStatus = 200, DurationMs = 38, FeishuStatus = 200,
            },
            CancellationToken.None);
        var recorded = await GetJsonAsync($"api/ops/instances/{Uri.EscapeDataString(id)}/timeline");
        Assert.True(recorded["events"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "change") == 3, recorded.ToJsonString());

        await using var console = await ConsolePage.OpenAsync(chromium.Browser, stack.Host.BaseAddress);
        await Assertions.Expect(console.Page.Locator("#need-key")).ToBeVisibleAsync();
        await console.EnterKeyAsync(ConsoleStack.AdminKey);
        await console.SearchInstanceAsync(id);

        var page = console.Page;
        await Assertions.Expect(page.Locator(".instance-name")).ToHaveTextAsync(id);
        await Assertions.Expect(page.Locator("#live-verdict")).ToContainTextAsync("in_sync");
        var timeline = page.Locator("#timeline");
        await Assertions.Expect(timeline.Locator("li[data-kind=change]")).ToHaveCountAsync(3);
        await Assertions.Expect(timeline).ToContainTextAsync("duplicate");
        await Assertions.Expect(timeline.Locator("li[data-kind=sync]").First).ToContainTextAsync("Feishu accepted the UPDATE");
        await Assertions.Expect(timeline.Locator("li[data-kind=sync]").First).ToContainTextAsync("log id");
        await Assertions.Expect(timeline.Locator("li[data-kind=check]").First).ToContainTextAsync("in_sync");
        var quickApproval = timeline.Locator("li[data-kind=action]");
        await Assertions.Expect(quickApproval).ToContainTextAsync("Quick approval: APPROVE → source 200");
        await Assertions.Expect(quickApproval).ToContainTextAsync("task 审批-1 · relayed after 2 ms · source answered in 38 ms · Feishu got 200");
        await Assertions.Expect(timeline.Locator("li").First).ToHaveAttributeAsync("data-kind", "action");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Entities" })).ToContainTextAsync("审批-1");

        // Local time (Asia/Shanghai) on the page, UTC on hover.
        var firstTime = timeline.Locator("time").First;
        Assert.StartsWith("UTC ", await firstTime.GetAttributeAsync("title"));
        var utc = DateTimeOffset.Parse(await firstTime.GetAttributeAsync("datetime") ?? string.Empty, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(utc.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), await firstTime.InnerTextAsync());

        await console.ScreenshotAsync("instance-1280");
        Assert.DoesNotContain(console.RequestedUrls, url => url.Contains(ConsoleStack.AdminKey, StringComparison.Ordinal));

        await using var phone = await ConsolePage.OpenAsync(chromium.Browser, stack.Host.BaseAddress, PhoneWidth, PhoneHeight);
        await phone.EnterKeyAsync(ConsoleStack.AdminKey);
        await phone.SearchInstanceAsync(id);
        await Assertions.Expect(phone.Page.Locator("#timeline li").First).ToBeVisibleAsync();
        await AssertFitsTheWindowAsync(phone.Page);
        await phone.ScreenshotAsync("instance-phone");
    }

    [Fact]
    public async Task Replaying_a_parked_instance_with_a_dry_run_count_first_clears_it()
    {
        const string approval = "CONSOLE-NOT-YET-DEFINED";
        const string id = "console-parked-1";
        await PostAsync(Instance(id, 1_000, approvalCode: approval));
        await WaitUntilAsync(async () => (await stack.ParkedIssuesAsync()).Any(row => row.GetString("InstanceId") == id));

        await using var console = await ConsolePage.OpenAsync(chromium.Browser, stack.Host.BaseAddress);
        await console.EnterKeyAsync(ConsoleStack.AdminKey);
        var page = console.Page;
        var groups = page.Locator("#parked-groups");
        await Assertions.Expect(groups).ToContainTextAsync("1390002");
        await Assertions.Expect(page.Locator("#parked-list")).ToContainTextAsync(id);
        await console.ScreenshotAsync("overview-parked-1280");

        // The cause is fixed (the approval definition now exists in Feishu); then the operator replays.
        await CreateApprovalAsync(approval);
        var row = page.Locator("#parked-list tr", new() { HasText = id });
        await row.GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-title")).ToHaveTextAsync("Replay 1 parked instance?");
        await Assertions.Expect(page.Locator("#confirm-message")).ToContainTextAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay 1", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Replayed 1");
        await Assertions.Expect(page.Locator("#parked-list")).Not.ToContainTextAsync(id);
        await stack.WaitForQueueDrainedAsync();

        await console.SearchInstanceAsync(id);
        var timeline = page.Locator("#timeline");
        await Assertions.Expect(timeline.Locator("li[data-kind=replay]")).ToHaveCountAsync(1);
        await Assertions.Expect(timeline.Locator("li[data-kind=park]")).ToContainTextAsync("1390002");
        await Assertions.Expect(timeline.Locator("li[data-kind=sync]").First).ToContainTextAsync("Feishu accepted the REPLACE");
        Assert.NotNull(stack.Emulator.State.FindInstance(id));
    }

    [Fact]
    public async Task Clean_up_runs_a_dry_run_with_the_count_and_first_instances_then_shows_progress_when_confirmed()
    {
        string[] ids = ["console-cleanup-1", "console-cleanup-2", "console-cleanup-3"];
        foreach (var id in ids)
        {
            await PostAsync(Instance(id, 1_000, approvalCode: ConsoleStack.CleanupApproval));
        }

        await stack.WaitForQueueDrainedAsync();
        await using var console = await ConsolePage.OpenAsync(chromium.Browser, stack.Host.BaseAddress);
        await console.EnterKeyAsync(ConsoleStack.AdminKey);
        var page = console.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Clean-up" }).ClickAsync();
        await page.GetByLabel("Every instance of an approval code").CheckAsync();
        await page.GetByLabel("Approval code", new() { Exact = true }).FillAsync(ConsoleStack.CleanupApproval);
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();

        var plan = page.Locator("#cleanup-plan");
        await Assertions.Expect(plan).ToContainTextAsync("3 instances would be wiped");
        await Assertions.Expect(plan).ToContainTextAsync("Nothing was changed.");
        foreach (var id in ids)
        {
            await Assertions.Expect(plan).ToContainTextAsync(id);
            Assert.False((await stack.Store.LoadAsync(id, CancellationToken.None)).Desired!.Document.Purged);
        }

        await console.ScreenshotAsync("cleanup-dry-run-1280");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm clean-up of 3…" }).ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-title")).ToHaveTextAsync("Wipe 3 instances in Feishu?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Wipe 3", Exact = true }).ClickAsync();
        var progress = page.Locator("#cleanup-progress");
        await Assertions.Expect(progress).ToContainTextAsync("completed");
        await Assertions.Expect(progress).ToContainTextAsync("3 of 3 done");
        Assert.True((await stack.Store.LoadAsync(ids[0], CancellationToken.None)).Desired!.Document.Purged);
    }

    [Fact]
    public async Task Overview_shows_Feishu_traffic_per_minute_the_last_rounds_and_the_queues_at_desktop_and_phone_width()
    {
        await PostAsync(Instance("console-overview-1", 1_000, approvalCode: ConsoleStack.KnownApproval));
        await stack.WaitForQueueDrainedAsync();
        await RunReconcileRoundAsync();
        await WaitUntilAsync(async () => (await GetOverviewAsync())["feishu_minutes"]!.AsArray().Count > 0);

        await using var console = await ConsolePage.OpenAsync(chromium.Browser, stack.Host.BaseAddress);
        await console.EnterKeyAsync(ConsoleStack.AdminKey);
        var page = console.Page;
        await Assertions.Expect(page.Locator("#overview-cards")).ToContainTextAsync("Sync queue");
        await Assertions.Expect(page.Locator("#rounds-list")).ToContainTextAsync("completed");
        var chart = page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Last hour: [1-9]\\d* Feishu calls") });
        await Assertions.Expect(chart).ToBeVisibleAsync();

        // The chart's figures are also a table, reachable by keyboard.
        await page.Locator("details.minutes > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("details.minutes table")).ToBeVisibleAsync();
        await console.ScreenshotAsync("overview-1280");

        await using var phone = await ConsolePage.OpenAsync(chromium.Browser, stack.Host.BaseAddress, PhoneWidth, PhoneHeight);
        await phone.EnterKeyAsync(ConsoleStack.AdminKey);
        await Assertions.Expect(phone.Page.Locator("#rounds-list")).ToContainTextAsync("completed");
        await AssertFitsTheWindowAsync(phone.Page);
        await phone.ScreenshotAsync("overview-phone");
    }

    [Fact]
    public async Task A_users_Feishu_tasks_are_listed_with_their_verdicts()
    {
        const string id = "console-tasks-1";
        await PostAsync(Instance(id, 1_000, tasks: List(TaskItem("console-task-1", 1_000, user: "u-console-approver")), approvalCode: ConsoleStack.KnownApproval));
        await stack.WaitForQueueDrainedAsync();

        await using var console = await ConsolePage.OpenAsync(chromium.Browser, stack.Host.BaseAddress);
        await console.EnterKeyAsync(ConsoleStack.AdminKey);
        var page = console.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "User tasks" }).ClickAsync();
        await page.GetByLabel("User id", new() { Exact = true }).FillAsync("u-console-approver");
        await page.GetByLabel("Id type").SelectOptionAsync("user_id");
        await page.GetByLabel("Topic").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "List tasks" }).ClickAsync();

        var result = page.Locator("#tasks-result");
        await Assertions.Expect(result).ToContainTextAsync("1 tasks listed by Feishu, 0 problems");
        await Assertions.Expect(result.Locator("tr", new() { HasText = "console-task-1" })).ToContainTextAsync("ok");
    }

    [Fact]
    public async Task The_page_needs_no_key_and_sets_security_headers_while_the_operator_endpoints_refuse_calls_without_the_admin_key()
    {
        using var client = new HttpClient { BaseAddress = stack.Host.BaseAddress };
        using var page = await client.GetAsync(new Uri("api/console", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotContain("<script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var script = await client.GetAsync(new Uri("api/console/main.js", UriKind.Relative));
        Assert.Equal("text/javascript; charset=utf-8", script.Content.Headers.ContentType?.ToString());
        using var missing = await client.GetAsync(new Uri("api/console/secrets.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"path\":\"file\"", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var path in new[] { "api/ops/overview", "api/ops/instances/x/timeline" })
        {
            using var refused = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    private static async Task AssertFitsTheWindowAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the window.");
    }

    private async Task PostAsync(JsonObject body) => await stack.PostAcceptedAsync(body, stack.Source);

    private async Task RunReconcileRoundAsync()
    {
        var summary = await stack.Host.Services.GetRequiredService<IReconcileRound>().RunAsync(CancellationToken.None);
        Assert.Equal(ReconcileOutcome.Completed, summary.Outcome);
    }

    private Task<JsonObject> GetOverviewAsync() => GetJsonAsync("api/ops/overview");

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(stack.Host.BaseAddress, path));
        request.Headers.Add("x-functions-key", ConsoleStack.AdminKey);
        using var response = await stack.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task CreateApprovalAsync(string approvalCode)
    {
        var feishu = stack.Host.Services.GetRequiredService<IFeishuApprovalClient>();
        await feishu.CreateExternalApprovalAsync(
            new ExternalApprovalDefinition
            {
                ApprovalName = "@i18n@approval_name",
                ApprovalCode = approvalCode,
                GroupCode = "console",
                External = new ExternalApprovalSettings { BizName = "@i18n@approval_name", CreateLinkPc = "https://erp.example.com/new", SupportPc = true, SupportMobile = false },
                I18nResources = [new I18nResource { Locale = "zh-CN", IsDefault = true, Texts = [new I18nText { Key = "@i18n@approval_name", Value = "报销" }] }],
            },
            CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + AppStack.DefaultTimeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true after {AppStack.DefaultTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100);
        }
    }
}
