import { paymentIntentEvent } from "./apply";

/** `payment_intent.payment_failed`: the intent's status on its charges (an outline of the charge if none came yet). */
export const paymentIntentPaymentFailed = paymentIntentEvent();
