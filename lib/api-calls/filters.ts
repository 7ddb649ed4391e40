import { z } from "zod";
import { ApiCallOutcome } from "@/lib/db/generated/enums";

/** A form left blank sends "": that is no filter, not a filter for "". */
const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);
const text = (max: number, what: string) =>
  z.preprocess(
    blankIsUnset,
    z.string().trim().min(1).max(max, `${what} is at most ${max} characters.`).optional(),
  );

export const OUTCOMES = Object.values(ApiCallOutcome);

/**
 * "status" takes what a person would type: an outcome (TIMEOUT), an HTTP status (429) or a class
 * of them (5xx). One field, because "status" in this log means both.
 */
export type StatusFilter =
  | { kind: "outcome"; outcome: ApiCallOutcome }
  | { kind: "code"; code: number }
  | { kind: "class"; min: number; max: number };

export function parseStatus(value: string): StatusFilter | null {
  const upper = value.trim().toUpperCase();
  const outcome = OUTCOMES.find((item) => item === upper);
  if (outcome) return { kind: "outcome", outcome };
  if (/^[1-5]\d\d$/.test(upper)) return { kind: "code", code: Number(upper) };
  const range = /^([1-5])XX$/.exec(upper);
  if (range) {
    const min = Number(range[1]) * 100;
    return { kind: "class", min, max: min + 99 };
  }
  return null;
}

/** The explorer's filters, as they appear in the page's URL and the API's query string. */
export const apiCallFilterSchema = z.object({
  provider: text(100, "The provider"),
  operation: text(200, "The operation"),
  status: z.preprocess(
    blankIsUnset,
    z
      .string()
      .trim()
      .max(20)
      .refine((value) => parseStatus(value) !== null, {
        message: `Status is an outcome (${OUTCOMES.join(", ")}), an HTTP status such as 429, or a class such as 5xx.`,
      })
      .optional(),
  ),
  minMs: z.preprocess(
    blankIsUnset,
    z.coerce
      .number({ error: "The minimum duration is a number of milliseconds." })
      .int("The minimum duration is a whole number of milliseconds.")
      .min(0, "The minimum duration cannot be negative.")
      .max(86_400_000, "The minimum duration is at most a day (86400000 ms).")
      .optional(),
  ),
  correlationId: text(200, "The correlation id"),
  /** The person who caused the call: their email, or their user id. */
  actor: text(320, "The actor"),
});

export type ApiCallFilter = z.infer<typeof apiCallFilterSchema>;

/** The filters as query-string pairs, for links that keep them (pagination). */
export function apiCallFilterParams(filter: ApiCallFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params;
}
