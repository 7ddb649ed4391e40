import type { SimResponse } from "../host/module";

/** SendGrid's error shape: { "errors": [{ "message", "field", "help" }] }. */
export function sendgridError(
  status: number,
  message: string,
  options: { field?: string | null; headers?: Record<string, string> } = {},
): SimResponse {
  return {
    status,
    headers: options.headers,
    body: { errors: [{ message, field: options.field ?? null, help: null }] },
  };
}
