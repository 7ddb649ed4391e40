import { z } from "zod";
import type { ProviderErrorInfo } from "@/lib/integrations/core/config-schema";

const sendgridError = z.object({
  errors: z.array(z.object({ message: z.string().optional(), field: z.string().nullish() })).min(1),
});

/** SendGrid's `{ errors: [{ message, field }] }`; the field, when named, is the closest thing to a code. */
export function parseSendgridError(body: unknown): ProviderErrorInfo {
  const parsed = sendgridError.safeParse(body);
  if (!parsed.success) return {};
  const first = parsed.data.errors[0];
  return { code: first?.field ?? undefined, message: first?.message };
}
