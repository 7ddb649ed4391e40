import { z } from "zod";
import { MESSAGE_ID_ARG } from "../names";

const text = (max: number) => z.string().max(max);
/** SendGrid sends some numbers as strings ("attempt": "5"); legacy events send the timestamp so too. */
const integer = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
]);

/**
 * What every Event Webhook event carries (https://www.twilio.com/docs/sendgrid/for-developers/
 * tracking-events/event). sg_message_id is missing on asynchronous bounces; custom arguments sit
 * at the top level, among them the console's own message id.
 */
export const baseEvent = z.object({
  event: text(100),
  email: text(320).min(1),
  timestamp: integer,
  sg_event_id: text(255).optional(),
  sg_message_id: text(255).optional(),
  [MESSAGE_ID_ARG]: z.string().optional(),
});

export const deliveryEvent = baseEvent.extend({
  response: text(2_000).optional(),
  attempt: integer.optional(),
});

export const failureEvent = baseEvent.extend({
  reason: text(2_000).optional(),
  status: text(20).optional(),
  /** For a bounce: "bounce" (permanent) or "blocked" (temporary). */
  type: text(40).optional(),
});

export const engagementEvent = baseEvent.extend({
  url: text(2_000).optional(),
});

export const groupEvent = baseEvent.extend({
  asm_group_id: integer,
});

export type BaseEvent = z.infer<typeof baseEvent>;
