import "server-only";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { STRIPE } from "./name";

/** The settings services need, read back from the validated environment (lib/env.ts parsed them). */
const serviceSettings = z.object({
  STRIPE_REFUND_APPROVAL_THRESHOLDS: z.record(z.string(), z.number()),
});

/** Refunds above this amount (minor units) in `currency` need a second person's approval. */
export function refundApprovalThreshold(currency: string): number {
  const values = serviceSettings.parse(getEnv().providerSettings.get(STRIPE)?.values);
  const thresholds = values.STRIPE_REFUND_APPROVAL_THRESHOLDS;
  return thresholds[currency.toLowerCase()] ?? thresholds["*"] ?? 0;
}
