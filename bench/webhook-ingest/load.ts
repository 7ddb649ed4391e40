// The load generator: pre-signed deliveries sent through an undici Pool, either as fast as a fixed
// number of connections allows (closed loop) or at a fixed rate (open loop).
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { Pool } from "undici";

export interface Delivery {
  eventId: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * Unique `object.created` events shaped like the generic module's (the integration tests'
 * signedDelivery), signed before any timing starts: signing is the provider's work, not the
 * server's. Standard Webhooks refuses timestamps over five minutes old, so each target's events
 * are signed just before that target runs.
 */
export function signDeliveries(
  secret: string,
  count: number,
  /** Goes into each event id, so that the rows of one phase can be told apart in the database. */
  phase: string,
  extraHeaders: Record<string, string> = {},
): Delivery[] {
  const webhook = new Webhook(secret);
  const at = new Date();
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return Array.from({ length: count }, () => {
    const eventId = `evt_${phase}_${randomUUID()}`;
    const body = JSON.stringify({
      type: "object.created",
      timestamp: at.toISOString(),
      data: {
        object: {
          id: `obj_${randomUUID()}`,
          type: "thing",
          version: 1,
          attributes: { plan: "pro", seats: 12, region: "eu-west-1" },
          deleted: false,
          updatedAt: at.toISOString(),
        },
      },
    });
    return {
      eventId,
      body,
      headers: {
        "content-type": "application/json",
        "webhook-id": eventId,
        "webhook-timestamp": timestamp,
        "webhook-signature": webhook.sign(eventId, at, body),
        ...extraHeaders,
      },
    };
  });
}

export interface PhaseResult {
  sent: number;
  /** 2xx answers. */
  ok: number;
  /** 2xx answers that said the event was stored now (`accepted: 1`). */
  accepted: number;
  /** Non-2xx answers and transport failures, by status (or error code). */
  errors: Map<string, number>;
  wallMs: number;
  /** Per request, in milliseconds. */
  latencies: number[];
}

export function createLoadPool(origin: string, connections: number) {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
}

async function send(
  pool: Pool,
  path: string,
  delivery: Delivery,
  result: PhaseResult,
): Promise<void> {
  try {
    const response = await pool.request({
      path,
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    const text = await response.body.text();
    if (response.statusCode >= 200 && response.statusCode < 300) {
      result.ok += 1;
      if ((JSON.parse(text) as { accepted?: unknown }).accepted === 1) result.accepted += 1;
    } else {
      const key = String(response.statusCode);
      result.errors.set(key, (result.errors.get(key) ?? 0) + 1);
    }
  } catch (error) {
    const key = (error as { code?: string }).code ?? "transport error";
    result.errors.set(key, (result.errors.get(key) ?? 0) + 1);
  }
}

function emptyResult(): PhaseResult {
  return { sent: 0, ok: 0, accepted: 0, errors: new Map(), wallMs: 0, latencies: [] };
}

/** Every delivery once, `concurrency` at a time, each connection sending its next as soon as one answers. */
export async function closedLoop(
  pool: Pool,
  path: string,
  deliveries: readonly Delivery[],
  concurrency: number,
): Promise<PhaseResult> {
  const result = emptyResult();
  let next = 0;
  const started = performance.now();
  async function lane() {
    for (;;) {
      const delivery = deliveries[next++];
      if (!delivery) return;
      const sentAt = performance.now();
      result.sent += 1;
      await send(pool, path, delivery, result);
      result.latencies.push(performance.now() - sentAt);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  result.wallMs = performance.now() - started;
  return result;
}

/**
 * `rate` requests per second, each at its scheduled moment whether or not earlier ones have
 * answered. Latency counts from the scheduled moment, so a server that falls behind shows its
 * queue in the figures instead of slowing the generator down (no coordinated omission).
 */
export async function fixedRate(
  pool: Pool,
  path: string,
  deliveries: readonly Delivery[],
  rate: number,
): Promise<PhaseResult> {
  const result = emptyResult();
  const interval = 1000 / rate;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  let index = 0;
  while (index < deliveries.length) {
    const now = performance.now();
    // Everything already due, then sleep to the next due moment; timers alone drift by a few ms.
    while (index < deliveries.length && started + index * interval <= now) {
      const delivery = deliveries[index];
      const scheduled = started + index * interval;
      index += 1;
      if (!delivery) break;
      result.sent += 1;
      inFlight.push(
        send(pool, path, delivery, result).then(() => {
          result.latencies.push(performance.now() - scheduled);
        }),
      );
    }
    const wait = started + index * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  result.wallMs = performance.now() - started;
  return result;
}

export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
