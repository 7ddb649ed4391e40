import { randomBytes } from "node:crypto";

/** SendGrid's ids are 16 random bytes in URL-safe base64 without padding: 22 characters. */
function urlSafeId(): string {
  return randomBytes(16).toString("base64url");
}

/** What a mail send answers in X-Message-Id; every event of its messages starts with it. */
export function newXMessageId(): string {
  return urlSafeId();
}

/** The id SendGrid sets on each event, for deduplication (up to 100 URL-safe characters). */
export function newSgEventId(): string {
  return urlSafeId();
}

/**
 * A recipient's message id: the request's X-Message-Id, then the filter server and the
 * personalization's position, as SendGrid appends them ("<x-message-id>.filterdrecv-…-0.0").
 */
export function sgMessageIdFor(xMessageId: string, index: number): string {
  return `${xMessageId}.filterdrecv-sim-${randomBytes(3).toString("hex")}-${index}.0`;
}
