"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedAction } from "@/lib/http/action";
import { checkConnection } from "@/lib/integrations/connection-check";
import { controlCircuit } from "@/lib/integrations/overview";

export const controlCircuitAction = authenticatedAction(
  { permission: "integrations:control", name: "controlCircuit" },
  async (actor, provider: unknown, input: unknown) => {
    const result = await controlCircuit({
      actor,
      provider: typeof provider === "string" ? provider : "",
      input,
      ip: clientIp(await headers()),
    });
    revalidatePath("/integrations");
    return { provider: result.provider, to: result.to };
  },
);

export const checkConnectionAction = authenticatedAction(
  { permission: "integrations:control", name: "checkConnection" },
  async (actor, provider: unknown) =>
    checkConnection({
      actor,
      provider: typeof provider === "string" ? provider : "",
      ip: clientIp(await headers()),
    }),
);
