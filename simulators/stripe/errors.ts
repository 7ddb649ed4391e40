import type { SimResponse } from "../host/module";

export type StripeErrorType =
  "api_error" | "card_error" | "idempotency_error" | "invalid_request_error" | "rate_limit_error";

export interface StripeErrorBody {
  decline_code?: string;
  charge?: string;
  payment_intent?: unknown;
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
}

/** Stripe's error shape: { "error": { "type", "code"?, "message", "param"? } }. */
export function stripeError(
  status: number,
  error: StripeErrorBody,
  headers?: Record<string, string>,
): SimResponse {
  return { status, headers, body: { error } };
}

export function unrecognizedUrl(method: string, path: string): SimResponse {
  return stripeError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}
