import { Ledger } from "../host/ledger";

/** A Stripe event as delivered (the full shape comes with the payments work). */
export interface StripeEvent {
  id: string;
  object: "event";
  type: string;
  /** Unix seconds. */
  created: number;
  livemode: false;
  data: { object: Record<string, unknown> };
}

/** Collections (charges, refunds, …) are added with the endpoints that use them. */
export class StripeLedger extends Ledger<StripeEvent> {}
