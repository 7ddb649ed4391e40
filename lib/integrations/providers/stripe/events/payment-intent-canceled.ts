import { paymentIntentEvent } from "./apply";

/** `payment_intent.canceled`: the intent's status on its charges (an outline of the charge if none came yet). */
export const paymentIntentCanceled = paymentIntentEvent();
