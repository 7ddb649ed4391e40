import { disputeEvent } from "./apply";

/** `charge.dispute.closed`: the dispute's state; the charge is marked disputed, which blocks refunds. */
export const chargeDisputeClosed = disputeEvent();
