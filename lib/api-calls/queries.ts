import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb, type Prisma } from "@/lib/db/client";
import { decodeCursor, encodeCursor, type Cursor } from "@/lib/email/queries/cursor";
import { AppError } from "@/lib/errors";
import { sanitizePath } from "@/lib/integrations/core/sanitize";
import { findProvider, getProviders } from "@/lib/integrations/runtime";
import { redact } from "@/lib/redact";
import { parseInput } from "@/lib/validation";
import { curlCommand, type CurlAuth } from "./curl";
import { apiCallFilterSchema, parseStatus, type ApiCallFilter } from "./filters";

export const apiCallListSchema = z.intersection(
  apiCallFilterSchema,
  z.object({
    after: z.string().max(200, "The page link is broken; start from the first page.").optional(),
    limit: z.coerce
      .number({ error: "limit is a number from 1 to 200." })
      .int("limit is a number from 1 to 200.")
      .min(1, "limit is a number from 1 to 200.")
      .max(200, "limit is a number from 1 to 200.")
      .default(50),
  }),
);

const uuid = z.uuid();

/** The filter as a Prisma condition. */
export function apiCallWhere(filter: ApiCallFilter): Prisma.ApiCallWhereInput {
  const where: Prisma.ApiCallWhereInput = {
    provider: filter.provider,
    operation: filter.operation,
    correlationId: filter.correlationId,
  };
  if (filter.minMs !== undefined) where.durationMs = { gte: filter.minMs };
  const status = filter.status ? parseStatus(filter.status) : null;
  if (status?.kind === "outcome") where.outcome = status.outcome;
  if (status?.kind === "code") where.status = status.code;
  if (status?.kind === "class") where.status = { gte: status.min, lte: status.max };
  if (filter.actor) {
    // Stored emails are lower case (users are created so); an id finds calls after a rename too.
    if (uuid.safeParse(filter.actor).success) where.actorId = filter.actor;
    else where.actorEmail = filter.actor.toLowerCase();
  }
  return where;
}

const listColumns = {
  id: true,
  createdAt: true,
  provider: true,
  operation: true,
  method: true,
  path: true,
  status: true,
  durationMs: true,
  attempt: true,
  outcome: true,
  errorCode: true,
  correlationId: true,
  actorEmail: true,
} as const satisfies Prisma.ApiCallSelect;

export interface ApiCallRow {
  id: string;
  createdAt: Date;
  provider: string;
  operation: string;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  attempt: number;
  outcome: string;
  errorCode: string | null;
  correlationId: string | null;
  actorEmail: string | null;
}

/**
 * Rows strictly after the cursor in (createdAt desc, id desc) order. The plain upper bound on
 * createdAt is redundant with the OR, but it is what lets PostgreSQL start the index scan at the
 * cursor instead of filtering every newer row (page 1,000 went from about 50 ms to a few).
 */
function afterCursor(cursor: Cursor | null): Prisma.ApiCallWhereInput {
  if (!cursor) return {};
  return {
    createdAt: { lte: cursor.createdAt },
    OR: [
      { createdAt: { lt: cursor.createdAt } },
      { createdAt: cursor.createdAt, id: { lt: cursor.id } },
    ],
  };
}

/** The API-call log, newest first, one page at a time (keyset on createdAt and id). */
export async function listApiCalls(options: {
  actor: Actor;
  input: unknown;
}): Promise<{ calls: ApiCallRow[]; next: string | null }> {
  await authorize(options.actor, "console:read", { resource: "api-calls" });
  const input = parseInput(apiCallListSchema, options.input);
  const cursor = decodeCursor(input.after);
  const rows = await getDb().apiCall.findMany({
    where: { AND: [apiCallWhere(input), afterCursor(cursor)] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: listColumns,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    // Paths were sanitised when written; again here for rows written before a pattern existed.
    calls: page.map((row) => ({ ...row, path: sanitizePath(row.path) })),
    next: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}

/** Providers for the filter: the configured ones (the log may hold others from the past). */
export function apiCallProviders(): { name: string; displayName: string }[] {
  return getProviders().map((provider) => ({
    name: provider.name,
    displayName: provider.displayName,
  }));
}

function curlAuth(provider: string): CurlAuth {
  const auth = findProvider(provider)?.definition.auth;
  if (!auth) return { scheme: "bearer" };
  return auth.scheme === "header"
    ? { scheme: "header", header: auth.header }
    : { scheme: auth.scheme };
}

export interface ApiCallDetail extends ApiCallRow {
  providerRequestId: string | null;
  idempotencyKey: string | null;
  actorId: string | null;
  requestBody: unknown;
  responseBody: unknown;
  curl: string;
}

/** One call with its redacted bodies and a curl command that carries no secret. */
export async function getApiCall(options: { actor: Actor; id: unknown }): Promise<ApiCallDetail> {
  await authorize(options.actor, "console:read", { resource: "api-calls" });
  const id = uuid.safeParse(options.id);
  if (!id.success) throw new AppError("NOT_FOUND", "There is no such API call.");
  const row = await getDb().apiCall.findUnique({ where: { id: id.data } });
  if (!row) throw new AppError("NOT_FOUND", "There is no such API call. It may have been pruned.");
  // Bodies were redacted when written; once more on the way out, so that a row written before a
  // redaction rule existed (or by another writer) cannot leak through the console.
  const requestBody = redact(row.requestBody, { maskEmails: true });
  const responseBody = redact(row.responseBody, { maskEmails: true });
  const path = sanitizePath(row.path);
  const definition = findProvider(row.provider)?.definition;
  return {
    id: row.id,
    createdAt: row.createdAt,
    provider: row.provider,
    operation: row.operation,
    method: row.method,
    path,
    status: row.status,
    durationMs: row.durationMs,
    attempt: row.attempt,
    outcome: row.outcome,
    errorCode: row.errorCode,
    correlationId: row.correlationId,
    actorEmail: row.actorEmail,
    actorId: row.actorId,
    providerRequestId: row.providerRequestId,
    idempotencyKey: row.idempotencyKey,
    requestBody,
    responseBody,
    curl: curlCommand({
      method: row.method,
      baseUrl: definition?.baseUrl ?? null,
      path,
      auth: curlAuth(row.provider),
      idempotencyHeader: definition ? definition.headers.idempotencyKey : "Idempotency-Key",
      idempotencyKey: row.idempotencyKey,
      body: requestBody,
    }),
  };
}
