import { refundEvent } from "./apply";

/** `refund.created`: the refund's new state; matched to the console's own request by its metadata. */
export const refundCreated = refundEvent();
