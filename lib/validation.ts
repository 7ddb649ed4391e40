import type { z } from "zod";
import { AppError } from "./errors";

/** Parses untrusted input; failures become a 422 that names each bad field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = result.error.issues[0]?.message ?? "The input is not valid.";
  throw new AppError("VALIDATION_FAILED", first, { fieldErrors });
}
