"use strict";
// A source system's approval workflow, as the Feishu sync bodies it sends: every body complete (Feishu has no partial
// update), UPDATEs carrying only the tasks and CCs that changed, and the full latest state kept beside them so the test
// can compare what Feishu ends up holding with what the source last sent, field by field.

const ms = value => String(value);

function i18n(texts) {
  return [{ locale: "zh-CN", is_default: true, texts: Object.entries(texts).map(([key, value]) => ({ key, value })) }];
}

function links(path) {
  return { pc_link: `https://erp.example.com/${path}`, mobile_link: `https://erp.example.com/m/${path}` };
}

function task(id, userId, node, status, createTime, time) {
  const done = status !== "PENDING";
  return {
    task_id: id,
    user_id: userId,
    title: "@i18n@task_title",
    links: links(`tasks/${id}`),
    status,
    ...(done ? { extra: JSON.stringify({ complete_reason: status === "APPROVED" ? "approved" : "rejected" }) } : {}),
    create_time: ms(createTime),
    end_time: done ? ms(time) : "0",
    update_time: ms(time),
    node_id: node,
    node_name: "@i18n@node_" + node,
    action_configs: done ? undefined : [{ action_type: "APPROVE", action_name: "@i18n@approve" }],
  };
}

function cc(id, userId, readStatus, createTime, time) {
  return {
    cc_id: id,
    user_id: userId,
    title: "@i18n@cc_title",
    links: links(`cc/${id}`),
    read_status: readStatus,
    create_time: ms(createTime),
    update_time: ms(time),
  };
}

function instanceFields(approvalCode, id, status, startTime, time) {
  return {
    approval_code: approvalCode,
    instance_id: id,
    status,
    links: links(`requests/${id}`),
    title: "@i18n@title",
    form: [{ name: "@i18n@form_amount", value: "@i18n@form_amount_value" }],
    user_id: "u_initiator",
    user_name: "@i18n@initiator",
    department_id: "od-finance",
    department_name: "@i18n@department",
    start_time: ms(startTime),
    end_time: status === "PENDING" ? "0" : ms(time),
    update_time: ms(time),
    display_method: "BROWSER",
    extra: JSON.stringify({ business_key: id }),
    i18n_resources: i18n({
      "@i18n@title": "采购申请", "@i18n@form_amount": "金额", "@i18n@form_amount_value": "¥1,200",
      "@i18n@initiator": "张三", "@i18n@department": "财务部", "@i18n@task_title": "请审批",
      "@i18n@node_manager": "经理", "@i18n@node_finance": "财务", "@i18n@cc_title": "抄送", "@i18n@approve": "同意",
    }),
  };
}

// Drops the undefined values JSON would drop anyway, so the kept state is exactly what was sent.
const clean = value => JSON.parse(JSON.stringify(value));

/**
 * The changes of two instances, in the order a source sends them, and each instance's final full state.
 * A: REPLACE (submit), UPDATE (manager approves, finance task added, CC read), UPDATE (finance approves: instance approved).
 * B: REPLACE (submit), REPLACE (the task is transferred: the first task is gone), UPDATE (rejected).
 */
function buildWorkflow(runId, approvalCode, startTime) {
  const t = step => startTime + step * 1000;
  const a = `sdk-${runId}-a`;
  const b = `sdk-${runId}-b`;
  const changes = [
    { ...instanceFields(approvalCode, a, "PENDING", t(0), t(0)), update_mode: "REPLACE",
      task_list: [task(`${a}-t1`, "u_manager", "manager", "PENDING", t(0), t(0))],
      cc_list: [cc(`${a}-c1`, "u_cc", "UNREAD", t(0), t(0))] },
    { ...instanceFields(approvalCode, b, "PENDING", t(0), t(0)), update_mode: "REPLACE",
      task_list: [task(`${b}-t1`, "u_manager", "manager", "PENDING", t(0), t(0))] },
    { ...instanceFields(approvalCode, a, "PENDING", t(0), t(1)), update_mode: "UPDATE",
      task_list: [task(`${a}-t1`, "u_manager", "manager", "APPROVED", t(0), t(1)), task(`${a}-t2`, "u_finance", "finance", "PENDING", t(1), t(1))],
      cc_list: [cc(`${a}-c1`, "u_cc", "READ", t(0), t(1))] },
    { ...instanceFields(approvalCode, b, "PENDING", t(0), t(1)), update_mode: "REPLACE",
      task_list: [task(`${b}-t2`, "u_deputy", "manager", "PENDING", t(1), t(1))] },
    { ...instanceFields(approvalCode, a, "APPROVED", t(0), t(2)), update_mode: "UPDATE",
      task_list: [task(`${a}-t2`, "u_finance", "finance", "APPROVED", t(1), t(2))] },
    { ...instanceFields(approvalCode, b, "REJECTED", t(0), t(2)), update_mode: "UPDATE",
      task_list: [task(`${b}-t2`, "u_deputy", "manager", "REJECTED", t(1), t(2))] },
  ].map(clean);

  const final = {};
  for (const change of changes) {
    const held = final[change.instance_id];
    const merge = (kept, sent, key) => {
      const byId = new Map((change.update_mode === "REPLACE" ? [] : kept || []).map(e => [e[key], e]));
      for (const entity of sent || []) byId.set(entity[key], entity);
      return [...byId.values()];
    };
    const { update_mode: _mode, task_list, cc_list, ...fields } = change;
    final[change.instance_id] = {
      ...fields,
      task_list: merge(held && held.task_list, task_list, "task_id"),
      cc_list: merge(held && held.cc_list, cc_list, "cc_id"),
    };
  }

  return { changes, final: Object.values(final), times: { t0: t(0), t1: t(1), t2: t(2) }, ids: { a, b } };
}

/** The check request a source's FAQ loop sends for its final state: every instance with every task's latest time. */
function claimsOf(final) {
  return final.map(instance => ({
    instance_id: instance.instance_id,
    update_time: instance.update_time,
    tasks: instance.task_list.map(t => ({ task_id: t.task_id, update_time: t.update_time })),
  }));
}

module.exports = { buildWorkflow, claimsOf, instanceFields, task, cc, clean };
