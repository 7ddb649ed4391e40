import {
  applyCharge,
  applyDispute,
  applyPaymentIntent,
  applyRefund,
  linkEvent,
} from "@/lib/payments/sync";
import { defineEventHandler, type HandlerContext } from "../../types";
import { toChargeRecord, toDisputeRecord, toPaymentIntentRecord, toRefundRecord } from "../mappers";
import {
  chargeSchema,
  disputeSchema,
  eventOf,
  paymentIntentSchema,
  referenceId,
  refundSchema,
} from "../objects";

/**
 * The four kinds of object Stripe's payment events carry, each applied the same way whatever the
 * event's name: the object's own state is merged (progress.ts decides what is newer), and the
 * event is linked to its payment for the timeline. The per-event files name which applies.
 */
type Event = { id: string; type: string; created: number; data: { object: unknown } };

function link(
  context: HandlerContext,
  event: Event,
  objectId: string,
  chargeId: string | null,
  paymentIntentId: string | null,
) {
  return linkEvent(context.tx, {
    eventId: event.id,
    deliveryId: context.delivery.id,
    eventType: event.type,
    objectId,
    chargeId,
    paymentIntentId,
    occurredAt: new Date(event.created * 1000),
  });
}

const at = (event: Event) => new Date(event.created * 1000);

export function chargeEvent() {
  return defineEventHandler(eventOf(chargeSchema), async (event, context) => {
    const charge = event.data.object;
    await applyCharge(context.tx, toChargeRecord(charge, event.data.object, at(event)));
    await link(context, event, charge.id, charge.id, referenceId(charge.payment_intent));
  });
}

export function refundEvent() {
  return defineEventHandler(eventOf(refundSchema), async (event, context) => {
    const record = toRefundRecord(event.data.object, event.data.object, at(event));
    if (!record) return;
    await applyRefund(context.tx, record);
    await link(
      context,
      event,
      record.providerRefundId,
      record.chargeId,
      referenceId(event.data.object.payment_intent),
    );
  });
}

export function disputeEvent() {
  return defineEventHandler(eventOf(disputeSchema), async (event, context) => {
    const record = toDisputeRecord(event.data.object, event.data.object, at(event));
    if (!record) return;
    await applyDispute(context.tx, record);
    await link(
      context,
      event,
      record.providerDisputeId,
      record.chargeId,
      referenceId(event.data.object.payment_intent),
    );
  });
}

export function paymentIntentEvent() {
  return defineEventHandler(eventOf(paymentIntentSchema), async (event, context) => {
    const intent = event.data.object;
    const record = toPaymentIntentRecord(intent, event.data.object, at(event));
    await applyPaymentIntent(context.tx, record);
    await link(context, event, intent.id, record.latestChargeId, intent.id);
  });
}
