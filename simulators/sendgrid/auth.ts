import type { SimResponse } from "../host/module";
import { sendgridError } from "./errors";

/** SendGrid keys are "SG.<id>.<secret>"; this simulator only checks the shape. */
export function checkSendgridAuth(headers: Record<string, string>): SimResponse | null {
  const authorization = headers.authorization?.trim();
  if (!authorization) return sendgridError(401, "authorization required");
  const [scheme, key = ""] = authorization.split(/\s+/, 2);
  if (scheme?.toLowerCase() !== "bearer" || !/^SG\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/.test(key)) {
    return sendgridError(401, "The provided authorization grant is invalid, expired, or revoked");
  }
  return null;
}
