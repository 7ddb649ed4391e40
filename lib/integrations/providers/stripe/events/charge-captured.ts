import { chargeEvent } from "./apply";

/** `charge.captured`: the charge's new state, merged by its own progress. */
export const chargeCaptured = chargeEvent();
