import { chargeEvent } from "./apply";

/** `charge.updated`: the charge's new state, merged by its own progress. */
export const chargeUpdated = chargeEvent();
