import { z } from "zod";

/** The kinds the box finds, in the order their groups are shown. */
export const SEARCH_KINDS = ["customer", "payment", "refund", "email", "webhook"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** What /api/search answers: shared by the service and the browser, which parses it with this. */
export const searchItemSchema = z.object({
  id: z.string(),
  href: z.string().startsWith("/"),
  title: z.string(),
  detail: z.string().nullable(),
  amount: z.string().nullable(),
  status: z.string(),
  at: z.string(),
});

export const searchGroupSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  items: z.array(searchItemSchema),
  more: z.boolean(),
  seeAllHref: z.string().startsWith("/").nullable(),
});

export const searchResultSchema = z.object({
  query: z.string(),
  groups: z.array(searchGroupSchema),
});

export type SearchItem = z.infer<typeof searchItemSchema>;
export type SearchGroup = z.infer<typeof searchGroupSchema>;
export type SearchResult = z.infer<typeof searchResultSchema>;
