import { Prisma } from "@/lib/db/generated/client";

/**
 * A unique constraint refused the write: P2002 from a model query, or PostgreSQL's 23505 from a
 * raw one (which Prisma reports as P2010 with the database's code).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  if (error.code !== "P2010") return false;
  const meta: unknown = error.meta;
  return (
    typeof meta === "object" &&
    meta !== null &&
    (("code" in meta && meta.code === "23505") || JSON.stringify(meta).includes("23505"))
  );
}
