import "server-only";
import { clientAddress } from "@/lib/http/client-address";

/**
 * The current request's client address, so every audit row carries one without each service
 * passing it along. Outside a request (start-up, tests, jobs) there is none.
 */
export async function requestAddress(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return clientAddress(await headers());
  } catch {
    return null;
  }
}
