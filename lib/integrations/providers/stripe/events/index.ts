import type { EventHandler } from "../../types";
import { chargeCaptured } from "./charge-captured";
import { chargeDisputeClosed } from "./charge-dispute-closed";
import { chargeDisputeCreated } from "./charge-dispute-created";
import { chargeDisputeUpdated } from "./charge-dispute-updated";
import { chargeFailed } from "./charge-failed";
import { chargeRefundUpdated } from "./charge-refund-updated";
import { chargeRefunded } from "./charge-refunded";
import { chargeSucceeded } from "./charge-succeeded";
import { chargeUpdated } from "./charge-updated";
import { paymentIntentCanceled } from "./payment-intent-canceled";
import { paymentIntentPaymentFailed } from "./payment-intent-payment-failed";
import { paymentIntentSucceeded } from "./payment-intent-succeeded";
import { refundCreated } from "./refund-created";
import { refundFailed } from "./refund-failed";
import { refundUpdated } from "./refund-updated";

/** One handler per event type; other types are stored and acknowledged without an effect. */
export const stripeHandlers: Readonly<Record<string, EventHandler>> = {
  "charge.succeeded": chargeSucceeded,
  "charge.failed": chargeFailed,
  "charge.captured": chargeCaptured,
  "charge.refunded": chargeRefunded,
  "charge.updated": chargeUpdated,
  "charge.refund.updated": chargeRefundUpdated,
  "refund.created": refundCreated,
  "refund.updated": refundUpdated,
  "refund.failed": refundFailed,
  "payment_intent.succeeded": paymentIntentSucceeded,
  "payment_intent.payment_failed": paymentIntentPaymentFailed,
  "payment_intent.canceled": paymentIntentCanceled,
  "charge.dispute.created": chargeDisputeCreated,
  "charge.dispute.updated": chargeDisputeUpdated,
  "charge.dispute.closed": chargeDisputeClosed,
};
