import { z } from "zod";

/** Building blocks for environment variables; shared by lib/env.ts and the provider modules' settings. */

/** Unset and empty both mean "not configured". */
export const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const httpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .transform((value) => value.replace(/\/+$/, ""));

export const optionalHttpUrl = optionalString.pipe(httpUrl.optional());

/** A comma-separated list, so that a rotated secret and its successor are both accepted. */
export function optionalList(item: z.ZodType<string, string>) {
  return optionalString.pipe(
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(z.array(item).min(1))
      .optional(),
  );
}
