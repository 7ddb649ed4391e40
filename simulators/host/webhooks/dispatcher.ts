import { Agent, request } from "undici";
import { appendBounded } from "../history";
import type { SimEvent } from "../ledger";
import type { WebhookProfile } from "../module";
import type { WebhookSigner } from "../signer";
import {
  applyConfigPatch,
  DEFAULT_WEBHOOK_CONFIG,
  retryDelayMs,
  type WebhookConfig,
  type WebhookConfigPatch,
} from "./config";
import {
  groupEvents,
  newDeliveryId,
  planDeliveries,
  type PlanOptions,
  type PlannedDelivery,
} from "./plan";

export interface DeliveryAttempt {
  deliveryId: string;
  eventIds: string[];
  /** 1 for the first attempt of the delivery. */
  attempt: number;
  /** The app's answer; null when there was none (connection refused or reset, timeout). */
  status: number | null;
  error?: string;
  /** When the attempt was signed and sent, on the simulator's clock. */
  at: number;
  forged: boolean;
  duplicate: boolean;
  /** delivered: 2xx. retrying: another attempt is scheduled. failed: no more attempts. */
  outcome: "delivered" | "retrying" | "failed";
}

export interface SendOptions extends PlanOptions {
  /** Wait this long before the first attempt of each delivery of this send. */
  delayMs?: number;
}

interface Queued<E> {
  delivery: PlannedDelivery<E>;
  body: string;
  attempts: number;
}

export interface DispatcherOptions<E extends SimEvent> {
  profile: WebhookProfile<E>;
  userAgent: string;
  now: () => number;
  random: () => number;
  secret?: string;
  config?: WebhookConfigPatch;
  logLimit?: number;
}

/**
 * Delivers a simulator's events to the app as its provider would: asynchronously, signed,
 * retried with backoff on a non-2xx answer or a connection error, with the test controls
 * (duplicates, forged signatures, late and out-of-order delivery) layered on top.
 */
export class WebhookDispatcher<E extends SimEvent> {
  readonly log: DeliveryAttempt[] = [];
  private config: WebhookConfig;
  private signerInstance: WebhookSigner;
  private agent: Agent;
  private readonly ready: Queued<E>[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private batch: E[] = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private muted = 0;
  private closed = false;
  private waiters: (() => void)[] = [];
  private readonly logLimit: number;

  constructor(private readonly options: DispatcherOptions<E>) {
    this.config = applyConfigPatch(DEFAULT_WEBHOOK_CONFIG, options.config ?? {});
    this.signerInstance = options.profile.createSigner(options.secret);
    this.agent = this.newAgent();
    this.logLimit = options.logLimit ?? Number.POSITIVE_INFINITY;
  }

  get signer(): WebhookSigner {
    return this.signerInstance;
  }

  get settings(): Readonly<WebhookConfig> {
    return this.config;
  }

  configure(patch: WebhookConfigPatch & { secret?: string }): void {
    const { secret, ...rest } = patch;
    const concurrency = this.config.concurrency;
    this.config = applyConfigPatch(this.config, rest);
    if (secret !== undefined) this.signerInstance = this.options.profile.createSigner(secret);
    if (this.config.concurrency !== concurrency) {
      void this.agent.close();
      this.agent = this.newAgent();
      this.pump();
    }
  }

  /** Called for every event the simulator emits. */
  onEvent(event: E): void {
    if (this.closed || this.muted > 0 || !this.config.autoDeliver || !this.config.targetUrl) return;
    const { maxEventsPerDelivery, batchWindowMs } = this.options.profile;
    if (maxEventsPerDelivery <= 1) {
      this.enqueueAutomatic([event]);
      return;
    }
    this.batch.push(event);
    if (this.batch.length >= maxEventsPerDelivery) {
      this.flushBatch();
    } else if (!this.batchTimer) {
      this.batchTimer = setTimeout(() => {
        this.batchTimer = null;
        this.flushBatch();
      }, batchWindowMs);
    }
  }

  /** Runs `work` without delivering the events it emits (they are still logged). */
  withoutAutoDelivery<T>(work: () => T): T {
    this.muted += 1;
    try {
      return work();
    } finally {
      this.muted -= 1;
    }
  }

  /**
   * Delivers these events now, whatever autoDeliver says, with exact shares of duplicates and
   * forged deliveries and a shuffled order. Sending an event again is a duplicate delivery: it
   * carries the same id.
   */
  send(events: readonly E[], options: SendOptions = {}): PlannedDelivery<E>[] {
    const plan = planDeliveries(events, this.options.profile, options, this.options.random);
    for (const delivery of plan) this.enqueue(delivery, options.delayMs ?? this.config.delayMs);
    return plan;
  }

  /** Delivers these events with a signature the app must reject. */
  forge(events: readonly E[], options: { delayMs?: number } = {}): PlannedDelivery<E>[] {
    const plan = groupEvents(events, this.options.profile.maxEventsPerDelivery).map((delivery) => ({
      ...delivery,
      forged: true,
    }));
    for (const delivery of plan) this.enqueue(delivery, options.delayMs ?? this.config.delayMs);
    return plan;
  }

  /** Resolves once nothing is queued, in flight, waiting for a retry or collecting a batch. */
  drain(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stats() {
    let delivered = 0;
    let failed = 0;
    for (const entry of this.log) {
      if (entry.outcome === "delivered") delivered += 1;
      else if (entry.outcome === "failed") failed += 1;
    }
    return {
      queued: this.ready.length + this.batch.length,
      inFlight: this.inFlight,
      waiting: this.timers.size,
      attempts: this.log.length,
      delivered,
      failed,
    };
  }

  clearLog(): void {
    this.log.length = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.batch = [];
    this.ready.length = 0;
    await this.agent.destroy();
    this.settle(true);
  }

  private newAgent(): Agent {
    return new Agent({ connections: this.config.concurrency, keepAliveTimeout: 4_000 });
  }

  private flushBatch(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    const events = this.batch;
    this.batch = [];
    for (const delivery of groupEvents(events, this.options.profile.maxEventsPerDelivery)) {
      this.enqueueAutomatic(delivery.events);
    }
    this.settle();
  }

  private enqueueAutomatic(events: E[]): void {
    const { random, profile } = this.options;
    const [delivery] = groupEvents(events, events.length);
    if (!delivery) return;
    this.enqueue(delivery, this.config.delayMs);
    if (this.config.duplicateRate > 0 && random() < this.config.duplicateRate) {
      this.enqueue({ ...delivery, duplicate: true }, this.config.delayMs);
    }
    if (this.config.forgedRate > 0 && random() < this.config.forgedRate) {
      const fabricated = events.map((event) => profile.fabricate(event, random));
      const first = fabricated[0];
      this.enqueue(
        {
          deliveryId: fabricated.length === 1 && first ? first.id : newDeliveryId(),
          events: fabricated,
          forged: true,
          duplicate: false,
        },
        this.config.delayMs,
      );
    }
  }

  private enqueue(delivery: PlannedDelivery<E>, delayMs: number): void {
    if (this.closed) return;
    const item = { delivery, body: this.options.profile.encode(delivery.events), attempts: 0 };
    if (delayMs > 0) this.later(delayMs, () => this.ready.push(item));
    else this.ready.push(item);
    this.pump();
  }

  private later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
      this.pump();
      this.settle();
    }, ms);
    this.timers.add(timer);
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.config.concurrency && this.ready.length > 0) {
      const index = this.config.shuffle ? Math.floor(this.options.random() * this.ready.length) : 0;
      const [item] = this.ready.splice(index, 1);
      if (!item) break;
      this.inFlight += 1;
      void this.attempt(item).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.settle();
      });
    }
  }

  private async attempt(item: Queued<E>): Promise<void> {
    item.attempts += 1;
    const { delivery } = item;
    const at = this.options.now();
    const base = {
      deliveryId: delivery.deliveryId,
      eventIds: delivery.events.map((event) => event.id),
      attempt: item.attempts,
      at,
      forged: delivery.forged,
      duplicate: delivery.duplicate,
    };
    const target = this.config.targetUrl;
    if (!target) {
      this.record({
        ...base,
        status: null,
        error: "no webhook target configured",
        outcome: "failed",
      });
      return;
    }
    let signed: Record<string, string>;
    try {
      const input = { deliveryId: delivery.deliveryId, body: item.body, timestamp: new Date(at) };
      signed = delivery.forged ? this.signer.forge(input) : this.signer.sign(input);
    } catch (thrown) {
      // A signer that cannot sign will not sign on a retry either.
      const error = thrown instanceof Error ? thrown.message : String(thrown);
      this.record({ ...base, status: null, error, outcome: "failed" });
      return;
    }
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await request(target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": this.options.userAgent,
          ...signed,
        },
        body: item.body,
        dispatcher: this.agent,
        headersTimeout: this.config.timeoutMs,
        bodyTimeout: this.config.timeoutMs,
      });
      status = response.statusCode;
      await response.body.dump();
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
    }
    if (status !== null && status >= 200 && status < 300) {
      this.record({ ...base, status, outcome: "delivered" });
      return;
    }
    // A forger does not retry; the provider retries only its own deliveries.
    const retry = !delivery.forged && !this.closed && item.attempts < this.config.retry.maxAttempts;
    this.record({ ...base, status, error, outcome: retry ? "retrying" : "failed" });
    if (retry)
      this.later(retryDelayMs(this.config.retry, item.attempts), () => this.ready.push(item));
  }

  private record(entry: DeliveryAttempt): void {
    if (entry.error === undefined) delete entry.error;
    appendBounded(this.log, entry, this.logLimit);
  }

  private idle(): boolean {
    return (
      this.ready.length === 0 &&
      this.inFlight === 0 &&
      this.timers.size === 0 &&
      this.batch.length === 0
    );
  }

  private settle(force = false): void {
    if (!force && !this.idle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
