import { chargeEvent } from "./apply";

/** `charge.failed`: the charge's new state, merged by its own progress. */
export const chargeFailed = chargeEvent();
