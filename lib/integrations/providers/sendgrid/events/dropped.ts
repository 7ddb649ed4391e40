import { defineEventHandler } from "../../types";
import { recordEvent } from "./record-event";
import { failureEvent } from "./wire-event";

/** `dropped`: SendGrid did not send it at all (a suppressed address, invalid content…). */
export const dropped = defineEventHandler(failureEvent, (event, context) =>
  recordEvent(context, event, { reason: event.reason, smtpStatus: event.status }),
);
