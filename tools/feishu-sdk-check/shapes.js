"use strict";
// The answers' shapes as @larksuiteoapi/node-sdk 1.74.0 declares them (types/index.d.ts, approval.v4): the required
// fields and their types, and the values of the string unions. A check reports every place an answer differs.

const INSTANCE_STATUS = ["PENDING", "APPROVED", "REJECTED", "CANCELED", "DELETED", "HIDDEN", "TERMINATED"];
const TASK_STATUS = ["PENDING", "APPROVED", "REJECTED", "TRANSFERRED", "DONE"];

const string = { type: "string" };
const number = { type: "number" };
const boolean = { type: "boolean" };
const oneOf = values => ({ type: "string", values });
const array = items => ({ type: "array", items });
const object = (required, optional = {}) => ({ type: "object", required, optional });
const envelope = data => object({ code: number }, { msg: string, data });

const links = object({ pc_link: string }, { mobile_link: string });

const shapes = {
  tenantAccessToken: object({ code: number, msg: string, tenant_access_token: string, expire: number }),
  externalApprovalCreate: envelope(object({}, { approval_code: string })),
  externalInstanceCreate: envelope(object({}, {
    data: object(
      { approval_code: string, status: oneOf(INSTANCE_STATUS), instance_id: string, links, start_time: string, end_time: string,
        update_time: string, i18n_resources: array(object({ locale: string, texts: array(object({ key: string, value: string })), is_default: boolean })) },
      { task_list: array(object({ task_id: string, links, status: oneOf(TASK_STATUS), create_time: string, end_time: string })),
        cc_list: array(object({ cc_id: string, links, read_status: oneOf(["READ", "UNREAD"]), create_time: string, update_time: string })) }),
  })),
  externalInstanceCheck: envelope(object({}, {
    diff_instances: array(object({ instance_id: string }, { update_time: string, tasks: array(object({ task_id: string, update_time: string })) })),
  })),
  taskQuery: envelope(object(
    { tasks: array(object({
      topic: oneOf(["1", "2", "3", "17", "18"]), user_id: string, title: string, urls: object({}, { helpdesk: string, mobile: string, pc: string }),
      status: oneOf(["1", "2", "17", "18", "33", "34"]), process_status: oneOf(["0", "1", "2", "3", "4", "5"]), definition_code: string,
      task_id: string, process_id: string, process_code: string,
    }, { process_external_id: string, task_external_id: string, initiators: array(string), initiator_names: array(string) })) },
    { page_token: string, has_more: boolean, count: object({ total: number }, { has_more: boolean }) })),
  externalTaskList: envelope(object({}, {
    data: array(object(
      { instance_id: string, approval_id: string, approval_code: string, status: oneOf(["PENDING", "APPROVED", "REJECTED", "CANCELED", "DELETED", "HIDDEN"]),
        update_time: string },
      { tasks: array(object({ id: string, status: oneOf(TASK_STATUS), update_time: string })) })),
    page_token: string,
    has_more: boolean,
  })),
};

/** Every difference between a value and a declared shape, as "path: problem". */
function differences(value, shape, path = "$") {
  if (shape.type === "array") {
    if (!Array.isArray(value)) return [`${path}: expected an array, got ${describe(value)}`];
    return value.flatMap((item, index) => differences(item, shape.items, `${path}[${index}]`));
  }
  if (shape.type === "object") {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${path}: expected an object, got ${describe(value)}`];
    const found = [];
    for (const [name, field] of Object.entries(shape.required)) {
      found.push(...(value[name] === undefined ? [`${path}.${name}: required, missing`] : differences(value[name], field, `${path}.${name}`)));
    }
    for (const [name, field] of Object.entries(shape.optional)) {
      if (value[name] !== undefined) found.push(...differences(value[name], field, `${path}.${name}`));
    }
    return found;
  }
  if (typeof value !== shape.type) return [`${path}: expected a ${shape.type}, got ${describe(value)}`];
  if (shape.values && !shape.values.includes(value)) return [`${path}: "${value}" is none of ${shape.values.join(", ")}`];
  return [];
}

const describe = value => (value === null ? "null" : Array.isArray(value) ? "an array" : `${typeof value} ${JSON.stringify(value)}`);

module.exports = { shapes, differences };
