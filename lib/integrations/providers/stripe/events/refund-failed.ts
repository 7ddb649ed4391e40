import { refundEvent } from "./apply";

/** `refund.failed`: the refund's new state; matched to the console's own request by its metadata. */
export const refundFailed = refundEvent();
