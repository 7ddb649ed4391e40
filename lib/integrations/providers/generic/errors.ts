import { z } from "zod";
import type { ProviderErrorInfo } from "@/lib/integrations/core/config-schema";

const nested = z.object({
  error: z.object({
    code: z.union([z.string(), z.number()]).optional(),
    type: z.string().optional(),
    message: z.string().optional(),
  }),
});
const list = z.object({
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional() })).min(1),
});
const flat = z.object({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/**
 * A REST provider's own error code and message, from the common JSON error shapes:
 * `{ error: { code, message } }`, `{ errors: [{ code, message }] }`, and flat
 * `{ code, message }` / OAuth's `{ error, error_description }`.
 */
export function parseGenericError(body: unknown): ProviderErrorInfo {
  const fromNested = nested.safeParse(body);
  if (fromNested.success) {
    const { code, type, message } = fromNested.data.error;
    return { code: code === undefined ? type : String(code), message };
  }
  const fromList = list.safeParse(body);
  if (fromList.success) {
    const first = fromList.data.errors[0];
    return { code: first?.code, message: first?.message };
  }
  const fromFlat = flat.safeParse(body);
  if (fromFlat.success) {
    const { code, message, error, error_description: description } = fromFlat.data;
    return {
      code: code === undefined ? undefined : String(code),
      message: message ?? description ?? error,
    };
  }
  return {};
}
