import { z } from "zod";
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MESSAGES,
  passwordProblem,
} from "@/lib/auth/password-policy";
import { hasUnstorableText } from "@/lib/http/input-rules";

const storable = (label: string) =>
  [
    (value: string) => !hasUnstorableText(value),
    {
      error: `${label} contains a character that cannot be stored (NUL or a broken Unicode sequence).`,
    },
  ] as const;

// Shared by server validation and the browser forms, so both say the same thing.
export const ROLES = ["ADMIN", "SUPPORT", "VIEWER"] as const;
/** How a role is named on screen. */
export const ROLE_LABEL = { ADMIN: "Admin", SUPPORT: "Support", VIEWER: "Viewer" } as const;

export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .min(1, "Enter an email address.")
  .max(254, "An email address has at most 254 characters.")
  .refine(...storable("The email address"))
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }))
  .transform((value) => value.toLowerCase());

/** ASVS 5.0 V6.2 (see lib/auth/password-policy.ts); the password is never trimmed or changed. */
export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: PASSWORD_MESSAGES[problem] });
  });

export const roleSchema = z.enum(ROLES, { error: "Choose one of: Admin, Support, Viewer." });

export const nameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "A name has at most 100 characters.")
  .refine(...storable("The name"));

export const createUserSchema = z
  .object({
    email: emailSchema,
    name: nameSchema,
    role: roleSchema,
    password: newPasswordSchema,
  })
  .superRefine((value, ctx) => {
    // The user's own email is the first word an attacker tries.
    if (
      passwordProblem(value.password) === null &&
      passwordProblem(value.password, { email: value.email }) === "common"
    ) {
      ctx.addIssue({ code: "custom", path: ["password"], message: PASSWORD_MESSAGES.common });
    }
  });
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    role: roleSchema.optional(),
    disabled: z.boolean({ error: "disabled must be true or false." }).optional(),
    name: nameSchema.optional(),
  })
  .refine(
    (value) => Object.values(value).some((field) => field !== undefined),
    "Nothing to change.",
  );
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_LENGTH, "That password is too long."),
});
