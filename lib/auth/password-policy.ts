import { dictionary } from "@zxcvbn-ts/language-common";
import { providerModules } from "@/lib/integrations/providers/registry";

/**
 * ASVS 5.0 V6.2: at least 12 characters (up to 200, so passphrases fit), no composition rules,
 * not whitespace only, and not a common password. The list is zxcvbn-ts's common-password
 * dictionary (about 49,000 entries) that ships with the project; a password is also refused when
 * it is a listed one padded with digits or symbols ("password1234", "!!summer2024"), a single
 * character or short unit repeated, or one of the words this console is known by.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

const CONTEXT_WORDS = [
  "integrations",
  "integration",
  "console",
  "admin",
  "administrator",
  "support",
  "viewer",
  "password",
];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set([
    ...dictionary["passwords-common"].map((entry) => entry.toLowerCase()),
    ...CONTEXT_WORDS,
    // The providers it integrates are words this console is known by too.
    ...providerModules.map((provider) => provider.name),
  ]);
  return common;
}

function isRepetition(value: string): boolean {
  for (let unit = 1; unit <= 4; unit++) {
    if (value.length % unit === 0 && value.slice(0, unit).repeat(value.length / unit) === value)
      return true;
  }
  return false;
}

export type PasswordProblem = "too_short" | "too_long" | "whitespace" | "common";

export function passwordProblem(
  password: string,
  context: { email?: string } = {},
): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return "too_short";
  if (length > PASSWORD_MAX_LENGTH) return "too_long";
  if (password.trim() === "") return "whitespace";
  const lower = password.toLowerCase();
  // The part left after peeling off leading and trailing digits, spaces and symbols.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
  const list = commonPasswords();
  const localPart = context.email?.split("@")[0]?.toLowerCase();
  if (
    list.has(lower) ||
    list.has(core) ||
    isRepetition(lower) ||
    (core.length > 0 && isRepetition(core))
  )
    return "common";
  if (localPart && localPart.length >= 4 && (core === localPart || lower.includes(localPart)))
    return "common";
  return null;
}

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  whitespace: "A password cannot be only spaces.",
  common: "This password is too common or too easy to guess. Try a few unrelated words.",
};
