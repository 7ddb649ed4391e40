import { clientAddress } from "@/lib/http/client-address";

/** The caller's (trusted) address: see clientAddress for when X-Forwarded-For counts. */
export function clientIp(headers: Headers): string | null {
  return clientAddress(headers);
}
