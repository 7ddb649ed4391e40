import type { SimResponse } from "../host/module";

export type GenericErrorCode =
  | "invalid_json"
  | "validation_error"
  | "not_found"
  | "object_deleted"
  | "method_not_allowed"
  | "idempotency_key_reused"
  | "idempotency_key_in_use";

/** The generic provider's one error shape: { "error": { "code", "message" } }. */
export function genericError(
  status: number,
  code: GenericErrorCode,
  message: string,
  headers?: Record<string, string>,
): SimResponse {
  return { status, headers, body: { error: { code, message } } };
}
