import { defineEventHandler } from "../../types";
import { recordEvent } from "./record-event";
import { baseEvent } from "./wire-event";

/** `spamreport`: the recipient marked it as spam; the address is not to be mailed again. */
export const spamReport = defineEventHandler(baseEvent, (event, context) =>
  recordEvent(context, event, {
    spamReport: true,
    suppression: { reason: "SPAM_REPORT", active: true },
  }),
);
