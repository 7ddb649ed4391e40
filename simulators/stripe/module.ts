import { z } from "zod";
import { randomId } from "../host/ids";
import type { SimRequest, SimResponse, SimulatorContext, SimulatorModule } from "../host/module";
import { parseJsonBody } from "../host/responses";
import { describeIssues } from "../host/validation";
import { checkStripeAuth } from "./auth";
import { StripeLedger, type StripeEvent } from "./ledger";
import { closeDispute, createDispute, createPaymentIntent, failRefund } from "./operations";
import { handleStripeRequest } from "./routes";
import { seedDemoPayments } from "./seed";
import { createStripeSigner } from "./signer";

type Context = SimulatorContext<StripeLedger>;

const controlError = (status: number, code: string, message: string): SimResponse => ({
  status,
  body: { error: { code, message } },
});

const disputeSchema = z
  .object({ charge: z.string().min(1), reason: z.string().default("fraudulent") })
  .strict();
const closeSchema = z.object({ status: z.enum(["won", "lost"]) }).strict();
const paymentSchema = z
  .object({
    amount: z.number().int().min(1),
    currency: z.string().regex(/^[a-z]{3}$/),
    email: z.string().max(500).nullable().default(null),
    paymentMethod: z.string().default("pm_card_visa"),
    description: z.string().max(1000).nullable().default(null),
  })
  .strict();

function parse<T>(
  schema: z.ZodType<T>,
  body: string,
): { ok: true; value: T } | { ok: false; response: SimResponse } {
  const json = parseJsonBody(body);
  if (!json.ok) return { ok: false, response: controlError(400, "invalid_json", json.message) };
  const parsed = schema.safeParse(json.value ?? {});
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, response: controlError(400, "validation_error", describeIssues(parsed.error)) };
}

/**
 * Things that happen at Stripe without the console asking, for tests and demos:
 * POST /__simulator/payments (a payment made in Stripe's dashboard), /disputes (a cardholder
 * disputes a charge), /disputes/:id/close, /refunds/:id/fail (a refund the bank returns), /seed.
 */
function control(
  request: SimRequest & { controlPath: string },
  context: Context,
): SimResponse | undefined {
  const { ledger } = context;
  if (request.method !== "POST") return undefined;
  const path = request.controlPath;
  if (path === "/payments") {
    const input = parse(paymentSchema, request.body);
    if (!input.ok) return input.response;
    const intent = createPaymentIntent(
      ledger,
      {
        amount: input.value.amount,
        currency: input.value.currency,
        customer: null,
        paymentMethod: input.value.paymentMethod,
        confirm: true,
        captureMethod: "automatic",
        description: input.value.description,
        receiptEmail: input.value.email,
        metadata: {},
      },
      {},
    );
    if (!intent.ok) return intent.response;
    return {
      status: 201,
      body: {
        payment_intent: intent.value,
        charge: ledger.charges.get(intent.value.latest_charge ?? ""),
      },
    };
  }
  if (path === "/disputes") {
    const input = parse(disputeSchema, request.body);
    if (!input.ok) return input.response;
    const charge = ledger.charges.get(input.value.charge);
    if (!charge) return controlError(404, "not_found", `no charge ${input.value.charge}`);
    return { status: 201, body: createDispute(ledger, charge, input.value.reason) };
  }
  const close = /^\/disputes\/([^/]+)\/close$/.exec(path);
  if (close?.[1]) {
    const input = parse(closeSchema, request.body);
    if (!input.ok) return input.response;
    const dispute = ledger.disputes.get(close[1]);
    if (!dispute) return controlError(404, "not_found", `no dispute ${close[1]}`);
    return { status: 200, body: closeDispute(ledger, dispute, input.value.status) };
  }
  const fail = /^\/refunds\/([^/]+)\/fail$/.exec(path);
  if (fail?.[1]) {
    const refund = ledger.refunds.get(fail[1]);
    if (!refund) return controlError(404, "not_found", `no refund ${fail[1]}`);
    return { status: 200, body: failRefund(ledger, refund) };
  }
  if (path === "/seed") {
    seedDemoPayments(ledger, context.now());
    return { status: 201, body: { charges: ledger.charges.size, events: ledger.events.size } };
  }
  return undefined;
}

/**
 * Stripe, test mode: the endpoints the console uses (customers, payment intents confirmed with
 * test cards, charges, refunds, disputes, events newest first, balance) in Stripe's JSON shapes
 * and error format, with its idempotency semantics; every change emits Stripe's events, signed
 * with Stripe-Signature. The official SDK talks to it unchanged.
 */
export const stripeSimulator: SimulatorModule<StripeEvent, StripeLedger> = {
  name: "stripe",
  displayName: "Stripe",
  createLedger: (clock) => new StripeLedger(() => clock.now()),
  handle(request, context) {
    const requestId = randomId("req_", 14);
    const denied = checkStripeAuth(request.headers);
    const result = denied ?? handleStripeRequest(request, context, requestId);
    const withId = (response: SimResponse): SimResponse => ({
      ...response,
      headers: { ...response.headers, "request-id": requestId },
    });
    return result instanceof Promise ? result.then(withId) : withId(result);
  },
  control,
  webhooks: {
    createSigner: createStripeSigner,
    encode: (events) => JSON.stringify(events[0], null, 2),
    maxEventsPerDelivery: 1,
    batchWindowMs: 0,
    fabricate: (like) => ({ ...like, id: randomId("evt_") }),
  },
};
