import { refundEvent } from "./apply";

/** `refund.updated`: the refund's new state; matched to the console's own request by its metadata. */
export const refundUpdated = refundEvent();
