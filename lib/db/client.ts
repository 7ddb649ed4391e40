import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { getPool } from "./pool";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/**
 * Prisma's defaults (2 s to get a connection for a transaction, 5 s to finish it) fail requests
 * that are merely queued: the embedded database has one connection shared with the job runner
 * and the call-log flusher, and a busy machine stretches every wait. A queued transaction should
 * run late rather than fail; one that still cannot start is answered as "busy" (lib/errors.ts).
 */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg(getPool()),
    transactionOptions: TRANSACTION_OPTIONS,
  });
}

/** Created on first use, so that importing a service never opens a connection at build time. */
export function getDb(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

export type Db = PrismaClient;
export type { Prisma } from "./generated/client";
