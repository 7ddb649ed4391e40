import { z } from "zod";
import { TransactionStatus } from "@/lib/db/generated/enums";
import { currencyExponent, isKnownCurrency, parseMajorAmount } from "./money";

/** A URL parameter left empty in a form means "no filter". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** The transactions list's filters, as they appear in the page's URL (all strings). */
export const listFilterSchema = z
  .object({
    status: optional(z.enum(Object.values(TransactionStatus), { error: "Unknown status." })),
    from: optional(z.iso.date("From must be a date (YYYY-MM-DD).")),
    to: optional(z.iso.date("To must be a date (YYYY-MM-DD).")),
    currency: optional(
      z
        .string()
        .trim()
        .toLowerCase()
        .refine(isKnownCurrency, "Unknown currency: use an ISO 4217 code such as usd or jpy."),
    ),
    min: optional(
      z.string().trim().max(20).refine(isAmountText, "Amounts are numbers such as 10 or 10.50."),
    ),
    max: optional(
      z.string().trim().max(20).refine(isAmountText, "Amounts are numbers such as 10 or 10.50."),
    ),
    q: optional(
      z
        .string()
        .trim()
        .max(254, "Search is at most 254 characters.")
        .refine((value) => !value.includes("\u0000"), "Invalid search."),
    ),
    cursor: optional(z.string().max(200)),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "To is before From." });
    }
  });

function isAmountText(text: string): boolean {
  return parseMajorAmount(text, "bhd") !== null;
}

export type ListFilter = z.infer<typeof listFilterSchema>;

/** What a search box's text means: the first kind of id or value it looks like. */
export type Search =
  | { kind: "charge"; value: string }
  | { kind: "paymentIntent"; value: string }
  | { kind: "refund"; value: string }
  | { kind: "customer"; value: string }
  | { kind: "email"; value: string }
  | { kind: "last4"; value: string };

export function interpretSearch(q: string): Search | null {
  const text = q.trim();
  if (/^(ch|py)_\w+$/.test(text)) return { kind: "charge", value: text };
  if (/^pi_\w+$/.test(text)) return { kind: "paymentIntent", value: text };
  if (/^(re|pyr)_\w+$/.test(text)) return { kind: "refund", value: text };
  if (/^cus_\w+$/.test(text)) return { kind: "customer", value: text };
  if (/^\S+@\S+$/.test(text)) return { kind: "email", value: text.toLowerCase() };
  if (/^\d{4}$/.test(text)) return { kind: "last4", value: text };
  return null;
}

/**
 * A major-unit bound ("10.50") in minor units for each exponent Stripe uses (0, 2, 3), rounded so
 * that the bound stays inclusive: up for a minimum, down for a maximum.
 */
export function minorBounds(text: string, side: "min" | "max"): Record<0 | 2 | 3, number> {
  const thousandths = parseMajorAmount(text, "bhd") ?? 0;
  const round = side === "min" ? Math.ceil : Math.floor;
  return { 0: round(thousandths / 1000), 2: round(thousandths / 10), 3: thousandths };
}

export { currencyExponent };
