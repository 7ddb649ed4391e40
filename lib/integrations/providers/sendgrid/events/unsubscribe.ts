import { defineEventHandler } from "../../types";
import { recordEvent } from "./record-event";
import { baseEvent, groupEvent } from "./wire-event";

/** `unsubscribe`: opted out of all email. */
export const unsubscribe = defineEventHandler(baseEvent, (event, context) =>
  recordEvent(context, event, {
    unsubscribe: true,
    suppression: { reason: "UNSUBSCRIBE", active: true },
  }),
);

/** `group_unsubscribe`: opted out of one unsubscribe group. */
export const groupUnsubscribe = defineEventHandler(groupEvent, (event, context) =>
  recordEvent(context, event, {
    unsubscribe: true,
    asmGroupId: event.asm_group_id,
    suppression: { reason: "GROUP_UNSUBSCRIBE", groupId: event.asm_group_id, active: true },
  }),
);

/** `group_resubscribe`: back in the group; a later-dated unsubscribe still wins. */
export const groupResubscribe = defineEventHandler(groupEvent, (event, context) =>
  recordEvent(context, event, {
    asmGroupId: event.asm_group_id,
    suppression: { reason: "GROUP_UNSUBSCRIBE", groupId: event.asm_group_id, active: false },
  }),
);
