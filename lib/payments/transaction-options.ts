/**
 * Prisma's default waits 2 s for a connection. On the embedded database every request shares one
 * connection, so twenty concurrent clicks on one refund queue for it: they wait longer, in order.
 */
export const PAYMENT_TX = { maxWait: 20_000, timeout: 20_000 } as const;
