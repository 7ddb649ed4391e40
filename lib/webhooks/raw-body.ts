import { AppError } from "@/lib/errors";

/** Webhook events are small (Stripe's are kilobytes); a batch of SendGrid events can reach a few hundred KiB. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 1024 * 1024;

function tooLarge(limit: number) {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `The webhook body is larger than ${Math.round(limit / 1024)} KiB.`,
  );
}

/**
 * The body exactly as sent (signatures cover the bytes, not a re-serialisation), read with a
 * limit: a declared length over it is refused before reading, and a stream that passes it stops.
 */
export async function readRawBody(
  request: Request,
  limit = DEFAULT_MAX_WEBHOOK_BYTES,
): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
