import { z } from "zod";

/** RFC 5321 caps a path at 256 octets including the angle brackets: 254 for the address. */
export const MAX_EMAIL_LENGTH = 254;

/**
 * A recipient address as the console accepts it: what SendGrid accepts (local@domain.tld, no
 * spaces or brackets) within the SMTP length limits.
 */
export const recipientSchema = z
  .string({ error: "Give an email address." })
  .trim()
  .min(3, "Give an email address.")
  .max(MAX_EMAIL_LENGTH, `An email address is at most ${MAX_EMAIL_LENGTH} characters.`)
  .refine(
    (value) =>
      /^[^\s@"<>()[\],;:\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
        value,
      ),
    "This is not a valid email address.",
  );

/** How the console compares addresses: SendGrid reports them lower-cased. */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}
