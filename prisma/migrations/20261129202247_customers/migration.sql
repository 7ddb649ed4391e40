-- CreateEnum
CREATE TYPE "CustomerLinkKind" AS ENUM ('STRIPE_CUSTOMER', 'EMAIL', 'REFERENCE');

-- CreateTable
CREATE TABLE "Customer" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "nameKey" TEXT,
    "splitFromId" UUID,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerLink" (
    "kind" "CustomerLinkKind" NOT NULL,
    "value" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "matchKey" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerLink_pkey" PRIMARY KEY ("kind","value")
);

-- CreateIndex
CREATE INDEX "Customer_createdAt_id_idx" ON "Customer"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Customer_nameKey_id_idx" ON "Customer"("nameKey", "id");

-- CreateIndex
CREATE INDEX "CustomerLink_customerId_idx" ON "CustomerLink"("customerId");

-- CreateIndex
CREATE INDEX "CustomerLink_kind_matchKey_idx" ON "CustomerLink"("kind", "matchKey");

-- CreateIndex
CREATE INDEX "AuditLog_targetId_createdAt_idx" ON "AuditLog"("targetId", "createdAt");

-- Backfill: customers for the payments and emails stored before customers existed. Each address
-- (compared lower-cased) is one customer, and a Stripe customer joins the customer of the first address
-- its payments carry, or is a customer of its own when they carry none. Ids are derived from the
-- anchor (an md5 with the version and variant digits of a random UUID, which the console's id
-- checks expect), so each statement finds the customer the one before made (Prisma runs a migration's
-- statements without one transaction around them, so no temporary tables).
INSERT INTO "Customer" ("id", "createdAt", "updatedAt", "email", "name", "nameKey")
SELECT overlay(overlay(md5(anchor) placing '4' from 13) placing '8' from 17)::uuid, min(first_seen), now(), min(email), max(name), lower(max(name))
FROM (
  WITH address_anchor AS (
  SELECT lower(btrim("customerEmail")) AS anchor, min("customerEmail") AS email,
         max("customerName") AS name, min("createdAt") AS first_seen
  FROM "Transaction" WHERE "customerEmail" IS NOT NULL AND btrim("customerEmail") <> ''
  GROUP BY 1
  UNION ALL
  SELECT "recipientKey", min("recipient"), NULL, min("createdAt")
  FROM "EmailMessage" GROUP BY 1
  ), stripe_anchor AS (
  SELECT "customerId" AS stripe_id,
         COALESCE(min(lower(btrim("customerEmail"))) FILTER (WHERE btrim("customerEmail") <> ''),
                  'stripe:' || "customerId") AS anchor,
         max("customerName") AS name, min("createdAt") AS first_seen
  FROM "Transaction" WHERE "customerId" IS NOT NULL GROUP BY "customerId"
  )
  SELECT anchor, email, name, first_seen FROM address_anchor
  UNION ALL
  SELECT anchor, NULL, name, first_seen FROM stripe_anchor WHERE anchor LIKE 'stripe:%'
) AS anchors
GROUP BY anchor;

INSERT INTO "CustomerLink" ("kind", "value", "customerId", "matchKey", "explanation")
SELECT DISTINCT ON (anchor) 'EMAIL'::"CustomerLinkKind", anchor, overlay(overlay(md5(anchor) placing '4' from 13) placing '8' from 17)::uuid, anchor,
       'First seen as address ' || email || ' (customers built from earlier records).'
FROM (
  SELECT lower(btrim("customerEmail")) AS anchor, min("customerEmail") AS email,
         max("customerName") AS name, min("createdAt") AS first_seen
  FROM "Transaction" WHERE "customerEmail" IS NOT NULL AND btrim("customerEmail") <> ''
  GROUP BY 1
  UNION ALL
  SELECT "recipientKey", min("recipient"), NULL, min("createdAt")
  FROM "EmailMessage" GROUP BY 1
) AS address_anchor
ON CONFLICT DO NOTHING;

INSERT INTO "CustomerLink" ("kind", "value", "customerId", "matchKey", "explanation")
SELECT 'STRIPE_CUSTOMER'::"CustomerLinkKind", stripe_id, overlay(overlay(md5(anchor) placing '4' from 13) placing '8' from 17)::uuid, stripe_id,
       CASE WHEN anchor LIKE 'stripe:%' THEN 'First seen as Stripe customer ' || stripe_id || '.'
            ELSE 'Matched by email: Stripe customer ' || stripe_id || ' has the address ' || anchor ||
                 ' (customers built from earlier records).' END
FROM (
  SELECT "customerId" AS stripe_id,
         COALESCE(min(lower(btrim("customerEmail"))) FILTER (WHERE btrim("customerEmail") <> ''),
                  'stripe:' || "customerId") AS anchor,
         max("customerName") AS name, min("createdAt") AS first_seen
  FROM "Transaction" WHERE "customerId" IS NOT NULL GROUP BY "customerId"
) AS stripe_anchor
ON CONFLICT DO NOTHING;

INSERT INTO "CustomerLink" ("kind", "value", "customerId", "matchKey", "explanation")
SELECT 'REFERENCE'::"CustomerLinkKind", pc."reference", l."customerId", pc."reference",
       'Matched by reference: the console made Stripe customer ' || pc."providerCustomerId" ||
       ' for reference ' || pc."reference" || '.'
FROM "PaymentCustomer" pc
JOIN "CustomerLink" l ON l."kind" = 'STRIPE_CUSTOMER' AND l."value" = pc."providerCustomerId"
ON CONFLICT DO NOTHING;
