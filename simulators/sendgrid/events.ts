import { newSgEventId } from "./ids";
import type { SendgridEvent, SendgridMessage } from "./ledger";
import type { PlannedEvent } from "./lifecycle";

/**
 * One Event Webhook event for a message: SendGrid's common fields, the personalization's custom
 * arguments at the top level (reserved keys keep SendGrid's values), and the type's own fields.
 */
export function wireEvent(
  message: SendgridMessage,
  planned: PlannedEvent,
  atMs: number,
): SendgridEvent {
  const id = newSgEventId();
  return {
    id,
    type: planned.type,
    payload: {
      ...message.customArgs,
      ...planned.fields,
      email: message.email,
      timestamp: Math.floor(atMs / 1000),
      "smtp-id": `<${message.xMessageId}@ismtpd-sim>`,
      event: planned.type,
      sg_event_id: id,
      sg_message_id: message.id,
    },
  };
}
