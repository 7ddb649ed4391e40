import { disputeEvent } from "./apply";

/** `charge.dispute.created`: the dispute's state; the charge is marked disputed, which blocks refunds. */
export const chargeDisputeCreated = disputeEvent();
