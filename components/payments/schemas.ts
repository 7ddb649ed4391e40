import { z } from "zod";

/** What the payments APIs answer, parsed in the browser rather than trusted. */
const status = z.enum([
  "PENDING",
  "UNCAPTURED",
  "SUCCEEDED",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "DISPUTED",
  "FAILED",
  "CANCELED",
]);
export type TransactionStatus = z.infer<typeof status>;
export const TRANSACTION_STATUSES = status.options;

export const transactionRowSchema = z.object({
  id: z.string(),
  chargeId: z.string(),
  paymentIntentId: z.string().nullable(),
  customerEmail: z.string().nullable(),
  customerName: z.string().nullable(),
  amount: z.number(),
  amountRefunded: z.number(),
  currency: z.string(),
  status,
  cardBrand: z.string().nullable(),
  cardLast4: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: z.string(),
});
export type TransactionRow = z.infer<typeof transactionRowSchema>;

export const transactionPageSchema = z.object({
  rows: z.array(transactionRowSchema),
  next: z.string().nullable(),
});
export type TransactionPage = z.infer<typeof transactionPageSchema>;

const refundStatus = z.enum([
  "PENDING_APPROVAL",
  "REJECTED",
  "SUBMITTING",
  "PENDING",
  "REQUIRES_ACTION",
  "SUCCEEDED",
  "FAILED",
  "CANCELED",
]);

export const refundSchema = z.object({
  id: z.string(),
  chargeId: z.string(),
  providerRefundId: z.string().nullable(),
  amount: z.number(),
  currency: z.string(),
  status: refundStatus,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  ticket: z.string().nullable(),
  requestedByEmail: z.string().nullable(),
  decidedByEmail: z.string().nullable(),
  decidedAt: z.string().nullable(),
  failureReason: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  notice: z
    .object({
      state: z.enum(["REQUESTED", "QUEUED", "SKIPPED"]),
      recipient: z.string().nullish(),
      templateName: z.string().nullable(),
      messageId: z.string().nullable(),
      skipReason: z.string().nullable(),
    })
    .nullable(),
});
export type RefundItem = z.infer<typeof refundSchema>;

export const paymentDetailSchema = z.object({
  transaction: transactionRowSchema.extend({
    customerId: z.string().nullable(),
    amountCaptured: z.number(),
    chargeStatus: z.string(),
    paymentIntentStatus: z.string().nullable(),
    disputed: z.boolean(),
    failureCode: z.string().nullable(),
    failureMessage: z.string().nullable(),
  }),
  refunds: z.array(refundSchema),
  disputes: z.array(
    z.object({
      id: z.string(),
      providerDisputeId: z.string(),
      amount: z.number(),
      currency: z.string(),
      status: z.string(),
      reason: z.string(),
      createdAt: z.string(),
    }),
  ),
  refundable: z.number(),
  approvalThreshold: z.number(),
  circuit: z.object({
    open: z.boolean(),
    explanation: z.string().nullable(),
    nextTrialAt: z.string().nullable(),
    healthPath: z.string(),
  }),
  canRefund: z.boolean(),
  refundNotice: z
    .object({ templateId: z.string(), templateName: z.string().nullable() })
    .nullable(),
  customerSuppressed: z.object({ reason: z.string() }).nullable(),
  customerId: z.string().nullable(),
  timeline: z.array(
    z.object({
      key: z.string(),
      at: z.string(),
      kind: z.enum(["api_call", "webhook", "refund", "email", "dispute", "audit", "payment"]),
      title: z.string(),
      detail: z.string().nullable(),
      href: z.string().nullable(),
    }),
  ),
  raw: z.unknown(),
});
export type PaymentDetailData = z.infer<typeof paymentDetailSchema>;

const failure = z.object({ success: z.literal(false), error: z.object({ message: z.string() }) });

/** GET a console API and parse its answer; a failure becomes an Error with the server's message. */
export async function getJson<T extends z.ZodType>(url: string, schema: T): Promise<z.infer<T>> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  const body: unknown = await response.json().catch(() => null);
  const failed = failure.safeParse(body);
  if (failed.success) throw new Error(failed.data.error.message);
  const envelope = z.object({ success: z.literal(true), data: z.unknown() }).safeParse(body);
  const parsed = schema.safeParse(envelope.success ? envelope.data.data : undefined);
  if (!parsed.success)
    throw new Error(`The server sent an unexpected answer (HTTP ${response.status}).`);
  return parsed.data;
}
