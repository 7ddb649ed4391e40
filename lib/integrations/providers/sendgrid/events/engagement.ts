import { defineEventHandler } from "../../types";
import { recordEvent } from "./record-event";
import { engagementEvent } from "./wire-event";

/** `open`: counted whenever it comes, before `delivered` too. */
export const open = defineEventHandler(engagementEvent, (event, context) =>
  recordEvent(context, event, { countsOpen: true }),
);

/** `click`: counted, with the link that was followed. */
export const click = defineEventHandler(engagementEvent, (event, context) =>
  recordEvent(context, event, { countsClick: true, url: event.url }),
);
