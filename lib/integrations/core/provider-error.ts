import { z } from "zod";

const stripeShape = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    type: z.string().optional(),
  }),
});
const sendgridShape = z.object({
  errors: z.array(z.object({ message: z.string().optional() })).min(1),
});
const genericShape = z.object({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** The provider's own error code and message, from the common JSON error shapes; unsanitised. */
export function extractProviderError(body: unknown): { code?: string; message?: string } {
  const stripe = stripeShape.safeParse(body);
  if (stripe.success)
    return {
      code: stripe.data.error.code ?? stripe.data.error.type,
      message: stripe.data.error.message,
    };
  const sendgrid = sendgridShape.safeParse(body);
  if (sendgrid.success) return { message: sendgrid.data.errors[0]?.message };
  const generic = genericShape.safeParse(body);
  if (generic.success) {
    const code = generic.data.code === undefined ? undefined : String(generic.data.code);
    return {
      code,
      message: generic.data.message ?? generic.data.error_description ?? generic.data.error,
    };
  }
  return {};
}
