import { disputeEvent } from "./apply";

/** `charge.dispute.updated`: the dispute's state; the charge is marked disputed, which blocks refunds. */
export const chargeDisputeUpdated = disputeEvent();
