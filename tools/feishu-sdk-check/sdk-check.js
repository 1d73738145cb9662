"use strict";
// The official Feishu Node SDK as a real client, run by the integration tests (tests/ApprovalFunctions.IntegrationTests,
// FeishuSdk/). Nothing here is adapted to ApprovalFunctions: the client is built as any Feishu integration builds it, and
// only domain, appId and appSecret point it elsewhere. Writes one JSON document to --out FILE (the SDK's own log lines go
// to stdout, as in any integration), or to stdout without --out.
//
// Every command also takes --out FILE.
//   node sdk-check.js sync   --domain URL --app-id ID --app-secret SECRET --run-id RUN --approval-code CODE
//       sends a realistic workflow (REPLACE, UPDATEs, final approval) through `domain`, then the FAQ's check
//   node sdk-check.js check  --domain URL --app-id ID --app-secret SECRET --claims FILE
//       the check call alone, with the claims of FILE
//   node sdk-check.js shapes --domain URL --app-id ID --app-secret SECRET --run-id RUN --approval-code CODE
//       every call the app or a source makes, each answer compared with the shape the SDK's types declare

const fs = require("fs");
const lark = require("@larksuiteoapi/node-sdk");
const { buildWorkflow, claimsOf } = require("./workflow");
const { shapes, differences } = require("./shapes");

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i].startsWith("--") || rest[i + 1] === undefined) throw new Error(`expected --name value pairs, got "${rest[i]}"`);
    options[rest[i].slice(2)] = rest[i + 1];
  }
  return { command, options };
}

function required(options, ...names) {
  for (const name of names) if (!options[name]) throw new Error(`--${name} is required`);
}

// The one place a Feishu integration changes: domain, appId, appSecret.
function feishuClient(options) {
  return new lark.Client({
    appId: options["app-id"],
    appSecret: options["app-secret"],
    domain: options.domain.replace(/\/+$/, ""),
  });
}

/** Runs an SDK call; a non-2xx answer (the SDK's axios rejects it) is returned as Feishu's body with its HTTP status. */
async function call(run) {
  try {
    return { http_status: 200, body: await run() };
  } catch (error) {
    if (error && error.response) return { http_status: error.response.status, body: error.response.data };
    throw error;
  }
}

async function sync(options) {
  required(options, "domain", "app-id", "app-secret", "run-id", "approval-code");
  const client = feishuClient(options);
  const workflow = buildWorkflow(options["run-id"], options["approval-code"], Date.now() - 60_000);
  const sent = [];
  for (const change of workflow.changes) {
    const answer = await call(() => client.approval.v4.externalInstance.create({ data: change }));
    sent.push({ instance_id: change.instance_id, update_mode: change.update_mode, http_status: answer.http_status, answer: answer.body });
  }

  // A body Feishu refuses: the source must learn which field, and must not retry it.
  const broken = { ...workflow.changes[0], instance_id: `sdk-${options["run-id"]}-broken`, update_time: "yesterday" };
  const invalid = await call(() => client.approval.v4.externalInstance.create({ data: broken }));

  // The FAQ's check: the final state as the source holds it (all current), then claims that each stop at one of the steps.
  const { a, b } = workflow.ids;
  const { t0, t1 } = workflow.times;
  const claims = [
    ...claimsOf(workflow.final),
    { instance_id: a, update_time: String(workflow.times.t2), tasks: [{ task_id: `${a}-t1`, update_time: String(t0) }] },
    { instance_id: `sdk-${options["run-id"]}-unknown`, update_time: String(t0), tasks: [] },
    { instance_id: b, update_time: String(workflow.times.t2), tasks: [{ task_id: `${b}-t1`, update_time: String(t0) }] },
    { instance_id: b, update_time: String(t1), tasks: [] },
  ];
  const check = await call(() => client.approval.v4.externalInstance.check({ data: { instances: claims } }));

  // The app's answers in the shapes the SDK's types declare, as Feishu's are.
  const token = await call(() => client.auth.tenantAccessToken.internal({ data: { app_id: options["app-id"], app_secret: options["app-secret"] } }));
  const shapeProblems = [
    ...differences(token.body, shapes.tenantAccessToken).map(p => `token ${p}`),
    ...sent.flatMap((change, i) => differences(change.answer, shapes.externalInstanceCreate).map(p => `sent[${i}] ${p}`)),
    ...differences(check.body, shapes.externalInstanceCheck).map(p => `check ${p}`),
  ];
  return { sent, invalid, final: workflow.final, claims, check, shape_problems: shapeProblems, times: workflow.times, ids: workflow.ids };
}

async function check(options) {
  required(options, "domain", "app-id", "app-secret", "claims");
  const claims = JSON.parse(fs.readFileSync(options.claims, "utf8"));
  return { check: await call(() => feishuClient(options).approval.v4.externalInstance.check({ data: { instances: claims } })) };
}

async function checkShapes(options) {
  required(options, "domain", "app-id", "app-secret", "run-id", "approval-code");
  const client = feishuClient(options);
  const workflow = buildWorkflow(options["run-id"], options["approval-code"], Date.now() - 60_000);
  const approvalCode = options["approval-code"];
  const calls = [];
  const record = async (name, shape, run) => {
    const answer = await call(run);
    const problems = answer.http_status === 200 && answer.body && answer.body.code === 0
      ? differences(answer.body, shape)
      : [`HTTP ${answer.http_status}: ${JSON.stringify(answer.body)}`];
    const data = answer.body && answer.body.data;
    const items = data && (data.tasks || data.data || data.diff_instances);
    calls.push({ name, problems, items: Array.isArray(items) ? items.length : null });
    return answer.body;
  };

  await record("auth.tenantAccessToken.internal", shapes.tenantAccessToken,
    () => client.auth.tenantAccessToken.internal({ data: { app_id: options["app-id"], app_secret: options["app-secret"] } }));
  await record("approval.externalApproval.create", shapes.externalApprovalCreate, () => client.approval.v4.externalApproval.create({
    data: {
      approval_name: "@i18n@approval_name",
      approval_code: approvalCode,
      group_code: "sdk-check",
      external: { biz_name: "@i18n@approval_name", create_link_pc: "https://erp.example.com/new", support_pc: true, support_mobile: false },
      i18n_resources: [{ locale: "zh-CN", is_default: true, texts: [{ key: "@i18n@approval_name", value: "采购" }] }],
    },
  }));
  for (const change of workflow.changes) {
    await record(`approval.externalInstance.create ${change.instance_id} ${change.update_mode}`, shapes.externalInstanceCreate,
      () => client.approval.v4.externalInstance.create({ data: change }));
  }
  await record("approval.externalInstance.check", shapes.externalInstanceCheck, () => client.approval.v4.externalInstance.check({
    data: { instances: [...claimsOf(workflow.final), { instance_id: `sdk-${options["run-id"]}-unknown`, update_time: "0", tasks: [] }] },
  }));
  for (const [userId, topic] of [["u_manager", "2"], ["u_deputy", "2"], ["u_initiator", "3"], ["u_cc", "18"]]) {
    await record(`approval.task.query ${userId} topic ${topic}`, shapes.taskQuery,
      () => client.approval.v4.task.query({ params: { user_id: userId, topic, user_id_type: "user_id" } }));
  }
  await record("approval.externalTask.list", shapes.externalTaskList,
    () => client.approval.v4.externalTask.list({ data: { instance_ids: [workflow.ids.a, workflow.ids.b] }, params: { page_size: 50 } }));
  return { calls };
}

async function main() {
  const { command, options } = parseArgs(process.argv.slice(2));
  const commands = { sync, check, shapes: checkShapes };
  if (!commands[command]) throw new Error(`unknown command "${command}"; use sync, check or shapes`);
  const result = JSON.stringify(await commands[command](options)) + "\n";
  if (options.out) fs.writeFileSync(options.out, result);
  else process.stdout.write(result);
}

main().catch(error => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
