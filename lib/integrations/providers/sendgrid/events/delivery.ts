import { defineEventHandler } from "../../types";
import { recordEvent } from "./record-event";
import { deliveryEvent } from "./wire-event";

/** `processed`, `deferred` and `delivered`: the message moves along SendGrid's pipeline. */
export const deliveryProgress = defineEventHandler(deliveryEvent, (event, context) =>
  recordEvent(context, event, { response: event.response, attempt: event.attempt }),
);
