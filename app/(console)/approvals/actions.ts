"use server";

import { headers } from "next/headers";
import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedAction } from "@/lib/http/action";
import { decideRefund } from "@/lib/payments/refunds";

export const decideRefundAction = authenticatedAction(
  { permission: "payments:approve", name: "decideRefund" },
  async (actor, refundId: unknown, input: unknown) =>
    decideRefund({
      actor,
      refundId: typeof refundId === "string" ? refundId : "",
      input,
      ip: clientIp(await headers()),
    }),
);
