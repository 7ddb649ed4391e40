import { Ledger } from "../host/ledger";
import { EndpointRateLimits } from "./rate-limit";

/** One event of SendGrid's Event Webhook, as it appears in a delivered batch. */
export interface SendgridWireEvent {
  email: string;
  /** Unix seconds. */
  timestamp: number;
  event: string;
  sg_event_id: string;
  sg_message_id: string;
  [field: string]: unknown;
}

/** The host logs events by `id`; SendGrid's id is the wire event's sg_event_id. */
export interface SendgridEvent {
  id: string;
  type: string;
  payload: SendgridWireEvent;
}

export const SENDGRID_RATE_LIMIT_PER_MINUTE = 600;

/** Messages and suppressions are added with the email work. */
export class SendgridLedger extends Ledger<SendgridEvent> {
  readonly rateLimits: EndpointRateLimits;

  constructor(rateLimitPerMinute = SENDGRID_RATE_LIMIT_PER_MINUTE) {
    super();
    this.rateLimits = new EndpointRateLimits(rateLimitPerMinute);
  }

  override clear(): void {
    super.clear();
    this.rateLimits.clear();
  }
}
