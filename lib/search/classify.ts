import { z } from "zod";
import { addressKey } from "@/lib/email/addresses";
import { xMessageIdOf } from "@/lib/integrations/providers/sendgrid/events/match-message";

/** One exact lookup on an indexed column: the only kind of query the global search makes. */
export type Lookup =
  | {
      kind: "payment";
      column: "chargeId" | "paymentIntentId" | "customerId" | "customerEmailLower" | "id";
      value: string;
    }
  | { kind: "refund"; column: "providerRefundId" | "chargeId" | "id"; value: string }
  | { kind: "email"; column: "recipientKey" | "providerMessageId" | "id"; value: string }
  | { kind: "webhook"; column: "eventId" | "id"; value: string }
  /** A customer by one of its links (an address, a Stripe customer id, a reference) or its id. */
  | { kind: "customer"; column: "email" | "providerId" | "id"; value: string };

export type QueryShape =
  | "email-address"
  | "charge"
  | "payment-intent"
  | "customer"
  | "refund"
  | "event"
  | "uuid"
  | "other-id";

export const searchQuerySchema = z.object({
  q: z
    .string({ error: "Type something to search for." })
    .trim()
    .min(1, "Type something to search for.")
    .max(254, "Search is at most 254 characters.")
    .refine((value) => !value.includes("\u0000"), "Search cannot contain a NUL character."),
});

const uuid = z.uuid();

/**
 * What the text looks like decides which indexed columns are asked, so a search never scans a
 * table: a provider's id prefix names its column, an @ means an address, a UUID is one of ours.
 */
export function classifyQuery(q: string): { shape: QueryShape; lookups: Lookup[] } {
  const text = q.trim();
  if (text.includes("@")) {
    const key = addressKey(text);
    return {
      shape: "email-address",
      lookups: [
        { kind: "customer", column: "email", value: key },
        { kind: "payment", column: "customerEmailLower", value: key },
        { kind: "email", column: "recipientKey", value: key },
      ],
    };
  }
  if (/^(ch|py)_\w+$/.test(text)) {
    return {
      shape: "charge",
      lookups: [
        { kind: "payment", column: "chargeId", value: text },
        { kind: "refund", column: "chargeId", value: text },
      ],
    };
  }
  if (/^pi_\w+$/.test(text)) {
    return {
      shape: "payment-intent",
      lookups: [{ kind: "payment", column: "paymentIntentId", value: text }],
    };
  }
  if (/^cus_\w+$/.test(text)) {
    return {
      shape: "customer",
      lookups: [
        { kind: "customer", column: "providerId", value: text },
        { kind: "payment", column: "customerId", value: text },
      ],
    };
  }
  if (/^(re|pyr)_\w+$/.test(text)) {
    return {
      shape: "refund",
      lookups: [{ kind: "refund", column: "providerRefundId", value: text }],
    };
  }
  if (/^evt_\w+$/.test(text)) {
    return { shape: "event", lookups: [{ kind: "webhook", column: "eventId", value: text }] };
  }
  if (uuid.safeParse(text).success) {
    const id = text.toLowerCase();
    return {
      shape: "uuid",
      lookups: [
        { kind: "customer", column: "id", value: id },
        { kind: "payment", column: "id", value: id },
        { kind: "refund", column: "id", value: id },
        { kind: "email", column: "id", value: id },
        { kind: "webhook", column: "id", value: id },
        // Some providers' event ids are UUIDs too.
        { kind: "webhook", column: "eventId", value: text },
      ],
    };
  }
  // Anything else may be any provider's id: SendGrid's message id (or an event's sg_message_id,
  // which starts with it), another provider's event id, or a charge or refund id without a
  // familiar prefix. Each is one exact index probe.
  return {
    shape: "other-id",
    lookups: [
      // Our own reference for a customer (an account id, an order's buyer).
      { kind: "customer", column: "providerId", value: text },
      { kind: "payment", column: "chargeId", value: text },
      { kind: "refund", column: "providerRefundId", value: text },
      { kind: "email", column: "providerMessageId", value: xMessageIdOf(text) },
      { kind: "webhook", column: "eventId", value: text },
    ],
  };
}
