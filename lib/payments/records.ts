import type { RefundStatus } from "@/lib/db/generated/enums";

/** A charge as the console stores it, mapped from the provider's object by its module. */
export interface ChargeRecord {
  chargeId: string;
  paymentIntentId: string | null;
  customerId: string | null;
  customerEmail: string | null;
  customerName: string | null;
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
  currency: string;
  captured: boolean;
  disputed: boolean;
  chargeStatus: string;
  failureCode: string | null;
  failureMessage: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  description: string | null;
  createdAt: Date;
  providerUpdatedAt: Date;
  progress: number;
  raw: unknown;
}

export interface PaymentIntentRecord {
  paymentIntentId: string;
  status: string;
  progress: number;
  latestChargeId: string | null;
  /** What a charge row looks like when this intent is all that is known of it yet. */
  placeholder: ChargeRecord | null;
}

export interface RefundRecord {
  providerRefundId: string;
  chargeId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  failureReason: string | null;
  /** Our own refund id, from the metadata the console sends. */
  consoleRefundId: string | null;
  providerCreatedAt: Date;
  providerUpdatedAt: Date;
  progress: number;
  raw: unknown;
}

export interface DisputeRecord {
  providerDisputeId: string;
  chargeId: string;
  amount: number;
  currency: string;
  status: string;
  reason: string;
  providerCreatedAt: Date;
  providerUpdatedAt: Date;
  progress: number;
  raw: unknown;
}

/** Which payment an event was about, for the timeline. */
export interface EventLink {
  eventId: string;
  deliveryId: string;
  eventType: string;
  objectId: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  occurredAt: Date;
}
