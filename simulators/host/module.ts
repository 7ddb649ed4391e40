import type { IdempotencyStore } from "./idempotency";
import type { Ledger, SimEvent } from "./ledger";
import type { SignerFactory } from "./signer";

/** One request to a simulator's provider API, body read. */
export interface SimRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  /** The request's number in `received`. */
  seq: number;
  /** On the simulator's clock. */
  at: number;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON (content-type application/json) unless `text` is given. */
  body?: unknown;
  /** A raw body with the content type in `headers`; wins over `body`. */
  text?: string;
}

export interface SimulatorContext<L> {
  ledger: L;
  idempotency: IdempotencyStore;
  now(): number;
  random(): number;
  /** Runs `work` without delivering the events it emits (they are still logged). */
  withoutAutoDelivery<T>(work: () => T): T;
}

export interface WebhookProfile<E extends SimEvent> {
  createSigner: SignerFactory;
  /** The body of one delivery carrying these events (one, unless the provider batches). */
  encode(events: readonly E[]): string;
  /** 1 for providers that send one event per request; more for batching providers. */
  maxEventsPerDelivery: number;
  /** How long a batching provider collects events before sending a partial batch. */
  batchWindowMs: number;
  /** An event this provider never emitted, shaped like `like`: the payload of a forged delivery. */
  fabricate(like: E, random: () => number): E;
}

/**
 * A simulator: the provider-specific part the host serves. `handle` answers every request to the
 * provider API (unknown paths included, in the provider's own error shape); the host records
 * requests, applies faults and serves the /__simulator control endpoints around it.
 */
export interface SimulatorModule<E extends SimEvent, L extends Ledger<E> = Ledger<E>> {
  /** Short and URL-safe: "generic", "stripe", "sendgrid". */
  readonly name: string;
  readonly displayName: string;
  /** A fresh ledger; `now` is the simulator's clock, for the times it records. */
  createLedger(clock: { now(): number }): L;
  handle(request: SimRequest, context: SimulatorContext<L>): SimResponse | Promise<SimResponse>;
  readonly webhooks: WebhookProfile<E>;
  /**
   * Control endpoints of this simulator only, under /__simulator/<path>; undefined lets the host
   * answer 404.
   */
  control?(
    request: SimRequest & { controlPath: string },
    context: SimulatorContext<L>,
  ): SimResponse | Promise<SimResponse> | undefined;
}
