import { chargeEvent } from "./apply";

/** `charge.succeeded`: the charge's new state, merged by its own progress. */
export const chargeSucceeded = chargeEvent();
