"use server";

import { headers } from "next/headers";
import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedAction } from "@/lib/http/action";
import { recoverMissedEvents } from "@/lib/payments/missed-events";
import { resyncPayment } from "@/lib/payments/payments";
import { requestRefund } from "@/lib/payments/refunds";

const text = (value: unknown) => (typeof value === "string" ? value : "");

export const refundAction = authenticatedAction(
  { permission: "payments:refund", name: "refund" },
  async (actor, chargeId: unknown, input: unknown) =>
    requestRefund({ actor, chargeId: text(chargeId), input, ip: clientIp(await headers()) }),
);

export const resyncAction = authenticatedAction(
  { permission: "payments:refund", name: "resyncPayment" },
  async (actor, chargeId: unknown) =>
    resyncPayment({ actor, chargeId: text(chargeId), ip: clientIp(await headers()) }),
);

export const recoverMissedEventsAction = authenticatedAction(
  { permission: "webhooks:replay", name: "recoverMissedEvents" },
  async (actor) => recoverMissedEvents({ actor, ip: clientIp(await headers()) }),
);
