import type pg from "pg";

/**
 * rate-limiter-flexible sends named prepared statements. On the embedded PGlite every connection
 * shares one backend session, so a statement outlives the connection that prepared it and the next
 * connection's PREPARE fails ("already exists"); poolers in transaction mode have the same problem.
 * Sending the same SQL unnamed costs a parse per query and avoids both.
 */
export function unnamedStatements(pool: pg.Pool) {
  return {
    query: (query: { text: string; values?: unknown[] }) =>
      pool.query({ text: query.text, values: query.values }),
  };
}
