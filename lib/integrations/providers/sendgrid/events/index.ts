import type { EventHandler } from "../../types";
import { bounce } from "./bounce";
import { deliveryProgress } from "./delivery";
import { dropped } from "./dropped";
import { click, open } from "./engagement";
import { spamReport } from "./spam-report";
import { groupResubscribe, groupUnsubscribe, unsubscribe } from "./unsubscribe";

/** Every Event Webhook type the console applies; others are stored and acknowledged. */
export const sendgridEventHandlers: Readonly<Record<string, EventHandler>> = {
  processed: deliveryProgress,
  deferred: deliveryProgress,
  delivered: deliveryProgress,
  bounce,
  dropped,
  open,
  click,
  spamreport: spamReport,
  unsubscribe,
  group_unsubscribe: groupUnsubscribe,
  group_resubscribe: groupResubscribe,
};
