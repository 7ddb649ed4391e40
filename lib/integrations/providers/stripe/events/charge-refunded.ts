import { chargeEvent } from "./apply";

/** `charge.refunded`: the charge's new state, merged by its own progress. */
export const chargeRefunded = chargeEvent();
