import { z } from "zod";

const attributes = z.record(z.string(), z.unknown());

export const createObjectSchema = z
  .object({ type: z.string().min(1).max(200), attributes: attributes.default({}) })
  .strict();

export const updateObjectSchema = z.object({ attributes }).strict();

const page = {
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  starting_after: z.string().min(1).optional(),
};

export const listObjectsQuerySchema = z
  .object({
    ...page,
    type: z.string().min(1).optional(),
    include_deleted: z.enum(["true", "false"]).default("false"),
  })
  .strict();

export const listEventsQuerySchema = z
  .object({ ...page, type: z.string().min(1).optional() })
  .strict();
