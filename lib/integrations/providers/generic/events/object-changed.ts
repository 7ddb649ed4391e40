import { defineEventHandler } from "../../types";
import { objectEvent, toExternalObject } from "../mappers";

/**
 * `object.created`, `object.updated` and `object.deleted`: mirror the object. Events arrive out of
 * order, so the object's own version decides: an older event never overwrites newer state. Every
 * applied event is counted on the object, which makes a delivery applied twice visible.
 */
export const objectChanged = defineEventHandler(objectEvent, async (event, context) => {
  const row = toExternalObject(
    context.provider,
    event,
    context.delivery.occurredAt ?? context.delivery.receivedAt,
  );
  await context.tx.$executeRaw`
    INSERT INTO "ExternalObject"
      ("provider", "objectId", "objectType", "version", "deleted", "attributes", "providerUpdatedAt", "appliedEvents", "updatedAt")
    VALUES (${row.provider}, ${row.objectId}, ${row.objectType}, ${row.version}, ${row.deleted},
            ${JSON.stringify(row.attributes)}::jsonb, ${row.providerUpdatedAt}, 1, now())
    ON CONFLICT ("provider", "objectId") DO UPDATE SET
      "appliedEvents" = "ExternalObject"."appliedEvents" + 1,
      "updatedAt" = now(),
      "objectType" = CASE WHEN EXCLUDED."version" > "ExternalObject"."version" THEN EXCLUDED."objectType" ELSE "ExternalObject"."objectType" END,
      "deleted" = CASE WHEN EXCLUDED."version" > "ExternalObject"."version" THEN EXCLUDED."deleted" ELSE "ExternalObject"."deleted" END,
      "attributes" = CASE WHEN EXCLUDED."version" > "ExternalObject"."version" THEN EXCLUDED."attributes" ELSE "ExternalObject"."attributes" END,
      "providerUpdatedAt" = CASE WHEN EXCLUDED."version" > "ExternalObject"."version" THEN EXCLUDED."providerUpdatedAt" ELSE "ExternalObject"."providerUpdatedAt" END,
      "version" = GREATEST(EXCLUDED."version", "ExternalObject"."version")`;
});
