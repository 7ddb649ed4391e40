import { Ledger } from "../host/ledger";
import type { Fate } from "./lifecycle";
import { EndpointRateLimits } from "./rate-limit";
import { DEMO_TEMPLATES, type SendgridTemplate } from "./templates";

/** One event of SendGrid's Event Webhook, as it appears in a delivered batch. */
export interface SendgridWireEvent {
  email: string;
  /** Unix seconds. */
  timestamp: number;
  event: string;
  sg_event_id: string;
  sg_message_id?: string;
  [field: string]: unknown;
}

/** The host logs events by `id`; SendGrid's id is the wire event's sg_event_id. */
export interface SendgridEvent {
  id: string;
  type: string;
  payload: SendgridWireEvent;
}

/** One accepted POST /v3/mail/send: the unit SendGrid's X-Message-Id names. */
export interface SendgridSend {
  /** The X-Message-Id answered. */
  id: string;
  at: number;
  templateId: string | null;
  from: string;
  personalizations: number;
  /** X-RateLimit-Remaining as answered, and the window's reset (unix seconds). */
  rateLimitRemaining: number;
  rateLimitReset: number;
}

/** One recipient of an accepted send: what "received an email" means in tests. */
export interface SendgridMessage {
  /** The sg_message_id of this recipient's message. */
  id: string;
  xMessageId: string;
  email: string;
  templateId: string | null;
  dynamicTemplateData: Record<string, unknown>;
  customArgs: Record<string, string>;
  at: number;
  /** What the simulator decided will happen to it. */
  fate: Fate;
}

export interface SendgridSuppression {
  /** The lower-cased address. */
  id: string;
  reason: "Bounced Address" | "Spam Reporting Address" | "Unsubscribed Address";
  at: number;
}

export const SENDGRID_RATE_LIMIT_PER_MINUTE = 600;

export class SendgridLedger extends Ledger<SendgridEvent> {
  readonly sends = this.collection<SendgridSend>("sends");
  readonly messages = this.collection<SendgridMessage>("messages");
  readonly suppressions = this.collection<SendgridSuppression>("suppressions");
  readonly templates = this.collection<SendgridTemplate>("templates");
  readonly rateLimits: EndpointRateLimits;
  /** Lifecycle events waiting for their moment; cleared with the ledger. */
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(rateLimit: { limit: number; windowMs: number }) {
    super();
    this.rateLimits = new EndpointRateLimits(rateLimit.limit, rateLimit.windowMs);
    this.seedTemplates();
  }

  /** Appends `event` after `delayMs` (at once for 0), unless the ledger is cleared first. */
  emitLater(event: SendgridEvent, delayMs: number): void {
    if (delayMs <= 0) {
      this.events.append(event);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.events.append(event);
    }, delayMs);
    // A simulator that is closed must not be kept alive by events nobody will receive.
    timer.unref();
    this.timers.add(timer);
  }

  /** Lifecycle events not yet emitted. */
  get pendingEvents(): number {
    return this.timers.size;
  }

  suppress(email: string, reason: SendgridSuppression["reason"], at: number): void {
    const id = email.toLowerCase();
    if (!this.suppressions.has(id)) this.suppressions.insert({ id, reason, at });
  }

  /** Recipients who got an email, with how many each got: "exactly once" is checked on this. */
  deliveriesByRecipient(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.messages.all()) {
      const key = message.email.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  override clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    super.clear();
    this.rateLimits.clear();
    this.seedTemplates();
  }

  private seedTemplates(): void {
    for (const template of DEMO_TEMPLATES) this.templates.insert(template);
  }
}
