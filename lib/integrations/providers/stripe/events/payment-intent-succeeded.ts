import { paymentIntentEvent } from "./apply";

/** `payment_intent.succeeded`: the intent's status on its charges (an outline of the charge if none came yet). */
export const paymentIntentSucceeded = paymentIntentEvent();
