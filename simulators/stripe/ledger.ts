import { randomId } from "../host/ids";
import { Ledger } from "../host/ledger";

/** The API version the simulator's events say they were rendered with (the console pins it too). */
export const SIMULATED_API_VERSION = "2026-10-28.endive";

type Json = Record<string, unknown>;
interface StripeObject extends Json {
  id: string;
  object: string;
}

/** A Stripe event as delivered and listed (shape from Stripe's OpenAPI fixtures). */
export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Json; previous_attributes?: Json };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface Customer extends StripeObject {
  object: "customer";
  email: string | null;
  name: string | null;
}
export interface Charge extends StripeObject {
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  captured: boolean;
  created: number;
  customer: string | null;
  disputed: boolean;
  payment_intent: string | null;
  refunded: boolean;
  status: "succeeded" | "pending" | "failed";
}
export interface PaymentIntent extends StripeObject {
  object: "payment_intent";
  amount: number;
  currency: string;
  status: string;
  latest_charge: string | null;
}
export interface Refund extends StripeObject {
  object: "refund";
  amount: number;
  charge: string;
  currency: string;
  status: string;
}
export interface Dispute extends StripeObject {
  object: "dispute";
  amount: number;
  charge: string;
  status: string;
}

/** Where an event came from: the request that caused it, if any. */
export interface EventCause {
  requestId?: string;
  idempotencyKey?: string;
}

export class StripeLedger extends Ledger<StripeEvent> {
  readonly customers = this.collection<Customer>("customers");
  readonly paymentIntents = this.collection<PaymentIntent>("payment_intents");
  readonly charges = this.collection<Charge>("charges");
  readonly refunds = this.collection<Refund>("refunds");
  readonly disputes = this.collection<Dispute>("disputes");
  /** Ids are random unless a seed makes them repeatable (the demo data, across restarts). */
  ids: (prefix: string) => string = (prefix) => randomId(prefix, 24);

  constructor(private readonly now: () => number) {
    super();
  }

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Appends an event with a snapshot of the object as it is now. */
  emit(
    type: string,
    object: Json,
    cause: EventCause = {},
    previous?: Json,
    created = this.seconds(),
  ) {
    return this.events.append({
      id: this.ids("evt_"),
      object: "event",
      api_version: SIMULATED_API_VERSION,
      created,
      data: {
        object: structuredClone(object),
        ...(previous ? { previous_attributes: previous } : {}),
      },
      livemode: false,
      pending_webhooks: 1,
      request: { id: cause.requestId ?? null, idempotency_key: cause.idempotencyKey ?? null },
      type,
    });
  }

  /** Events newest first, as GET /v1/events lists them. */
  eventsNewestFirst(options: { limit: number; startingAfter?: string; type?: string }) {
    const all = this.events.all();
    let start = all.length - 1;
    if (options.startingAfter !== undefined) {
      const index = all.findIndex((event) => event.id === options.startingAfter);
      if (index === -1) return { unknownCursor: options.startingAfter };
      start = index - 1;
    }
    const data: StripeEvent[] = [];
    for (let index = start; index >= 0; index -= 1) {
      const event = all[index];
      if (!event || (options.type && !matchesType(event.type, options.type))) continue;
      if (data.length === options.limit) return { data, hasMore: true };
      data.push(event);
    }
    return { data, hasMore: false };
  }
}

function matchesType(type: string, pattern: string): boolean {
  return pattern.endsWith(".*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}
