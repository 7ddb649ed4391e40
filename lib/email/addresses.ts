import { z } from "zod";

/** RFC 5321 caps a path at 256 octets including the angle brackets: 254 for the address. */
export const MAX_EMAIL_LENGTH = 254;

const ADDRESS =
  /^[^\s@"<>()[\],;:\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * What is wrong with an address (already trimmed), or null: what SendGrid accepts
 * (local@domain.tld, no spaces or brackets) within the SMTP length limits. A plain function,
 * because a recipient list checks a hundred thousand of them.
 */
export function addressProblem(value: string): string | null {
  if (value.length < 3) return "Give an email address.";
  if (value.length > MAX_EMAIL_LENGTH) {
    return `An email address is at most ${MAX_EMAIL_LENGTH} characters.`;
  }
  return ADDRESS.test(value) ? null : "This is not a valid email address.";
}

export const recipientSchema = z
  .string({ error: "Give an email address." })
  .trim()
  .superRefine((value, context) => {
    const problem = addressProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/** How the console compares addresses: SendGrid reports them lower-cased. */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}
