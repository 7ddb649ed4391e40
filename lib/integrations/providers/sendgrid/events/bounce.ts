import { defineEventHandler } from "../../types";
import { recordEvent } from "./record-event";
import { failureEvent } from "./wire-event";

/**
 * `bounce`: the receiving server refused the message. A hard bounce (type "bounce") suppresses
 * the address; a block (type "blocked") is the server refusing for now, and does not.
 */
export const bounce = defineEventHandler(failureEvent, (event, context) =>
  recordEvent(context, event, {
    reason: event.reason,
    smtpStatus: event.status,
    bounceType: event.type ?? "bounce",
    suppression: event.type === "blocked" ? undefined : { reason: "BOUNCE", active: true },
  }),
);
