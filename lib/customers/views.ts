import { z } from "zod";

/**
 * What the customer routes answer: shared by the services and the browser, which parses the
 * answers with these.
 */
export const customerLinkKinds = ["STRIPE_CUSTOMER", "EMAIL", "REFERENCE"] as const;

export const customerRowSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: z.string(),
  links: z.array(z.object({ kind: z.enum(customerLinkKinds), value: z.string() })),
  /** How many links the row has beyond those listed. */
  moreLinks: z.number(),
  /** Why this row is in the results: "Stripe customer id", "name starts with …". */
  matchedOn: z.string().nullable(),
});

export const customerPageSchema = z.object({
  query: z.string(),
  items: z.array(customerRowSchema),
  next: z.string().nullable(),
});

export const moneyTotalsSchema = z.object({
  currency: z.string(),
  payments: z.number(),
  paid: z.number(),
  refunded: z.number(),
  disputed: z.number(),
});

export const customerLinkSchema = z.object({
  kind: z.enum(customerLinkKinds),
  value: z.string(),
  explanation: z.string(),
  pinned: z.boolean(),
  createdAt: z.string(),
});

export const customerDetailSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: z.string(),
  splitFrom: z.object({ id: z.string(), label: z.string() }).nullable(),
  links: z.array(customerLinkSchema),
  totals: z.array(moneyTotalsSchema),
  lastEmail: z
    .object({
      id: z.string(),
      recipient: z.string(),
      templateName: z.string(),
      status: z.string(),
      at: z.string(),
    })
    .nullable(),
  suppressions: z.array(z.object({ address: z.string(), label: z.string(), since: z.string() })),
});

export const timelineKinds = [
  "payment",
  "refund",
  "dispute",
  "email",
  "email_event",
  "suppression",
  "staff",
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const timelineItemSchema = z.object({
  /** Unique within the timeline, and its order among items of the same time. */
  key: z.string(),
  kind: z.enum(timelineKinds),
  at: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  status: z.string().nullable(),
  amount: z.object({ value: z.number(), currency: z.string() }).nullable(),
  href: z.string().startsWith("/").nullable(),
  /** For the quick refund: the payment this item is, when it can be refunded from here. */
  chargeId: z.string().nullable(),
  /** For the quick resend: the email this item is. */
  messageId: z.string().nullable(),
  behind: z.object({
    webhooks: z.array(z.object({ id: z.string(), label: z.string(), status: z.string() })),
    apiCalls: z.array(z.object({ id: z.string(), label: z.string(), outcome: z.string() })),
  }),
});

export const timelinePageSchema = z.object({
  items: z.array(timelineItemSchema),
  next: z.string().nullable(),
});

export type CustomerRow = z.infer<typeof customerRowSchema>;
export type CustomerPage = z.infer<typeof customerPageSchema>;
export type CustomerDetail = z.infer<typeof customerDetailSchema>;
export type TimelineItem = z.infer<typeof timelineItemSchema>;
export type TimelinePage = z.infer<typeof timelinePageSchema>;
