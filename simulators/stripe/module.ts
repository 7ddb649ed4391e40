import { randomId } from "../host/ids";
import type { SimRequest, SimResponse, SimulatorModule } from "../host/module";
import { checkStripeAuth } from "./auth";
import { balanceObject } from "./balance";
import { unrecognizedUrl } from "./errors";
import { StripeLedger, type StripeEvent } from "./ledger";
import { createStripeSigner } from "./signer";

function answer(request: SimRequest): SimResponse {
  const denied = checkStripeAuth(request.headers);
  if (denied) return denied;
  if (request.method === "GET" && request.path === "/v1/balance") {
    return { status: 200, body: balanceObject() };
  }
  return unrecognizedUrl(request.method, request.path);
}

/**
 * Stripe, test mode: API-key auth, Stripe's error shape and Request-Id on every answer, and
 * GET /v1/balance as the connection check. Payments endpoints come with the payments work.
 */
export const stripeSimulator: SimulatorModule<StripeEvent, StripeLedger> = {
  name: "stripe",
  displayName: "Stripe",
  createLedger: () => new StripeLedger(),
  handle(request) {
    const response = answer(request);
    return { ...response, headers: { ...response.headers, "request-id": randomId("req_", 14) } };
  },
  webhooks: {
    createSigner: createStripeSigner,
    encode: (events) => JSON.stringify(events[0]),
    maxEventsPerDelivery: 1,
    batchWindowMs: 0,
    fabricate: (like) => ({ ...like, id: randomId("evt_") }),
  },
};
