import { z } from "zod";

/** An object as the provider describes it in an `object.*` event. */
export const providerObject = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(100),
  version: z.number().int().min(0).max(2_147_483_647),
  attributes: z.record(z.string(), z.unknown()).default({}),
  deleted: z.boolean().default(false),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

export const objectEvent = z.object({
  type: z.string(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  data: z.object({ object: providerObject }),
});

export type ObjectEvent = z.infer<typeof objectEvent>;

/** Our model of it (ExternalObject), for one provider. */
export function toExternalObject(provider: string, event: ObjectEvent, fallbackTime: Date) {
  const object = event.data.object;
  return {
    provider,
    objectId: object.id,
    objectType: object.type,
    version: object.version,
    deleted: object.deleted || event.type === "object.deleted",
    attributes: object.attributes,
    providerUpdatedAt: object.updatedAt ? new Date(object.updatedAt) : fallbackTime,
  };
}
