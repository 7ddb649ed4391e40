import { getDb, type Db, type Prisma } from "@/lib/db/client";
import type { CircuitState as CircuitPhase } from "@/lib/db/generated/enums";

export type { CircuitPhase };

/** What every instance agrees on about one provider's circuit. */
export interface SharedCircuitView {
  state: CircuitPhase;
  forcedState: CircuitPhase | null;
  reason: string | null;
  openedAt: number | null;
  openUntil: number | null;
  generation: number;
  snapshot: unknown;
}

export interface AutomaticTransition {
  from: CircuitPhase;
  to: CircuitPhase;
  openedAt: number | null;
  openUntil: number | null;
  snapshot: unknown;
  instanceId: string;
}

export interface CircuitStore {
  load(provider: string): Promise<SharedCircuitView | null>;
  /** Persists the breaker's own decision: the current state and one transition row, atomically. */
  recordAutomatic(provider: string, transition: AutomaticTransition): Promise<void>;
}

type CircuitRow = {
  state: CircuitPhase;
  forcedState: CircuitPhase | null;
  reason: string | null;
  openedAt: Date | null;
  openUntil: Date | null;
  generation: number;
  snapshot: Prisma.JsonValue | null;
};

export function toView(row: CircuitRow): SharedCircuitView {
  return {
    state: row.state,
    forcedState: row.forcedState,
    reason: row.reason,
    openedAt: row.openedAt?.getTime() ?? null,
    openUntil: row.openUntil?.getTime() ?? null,
    generation: row.generation,
    snapshot: row.snapshot,
  };
}

export function createDbCircuitStore(db: () => Db = getDb): CircuitStore {
  return {
    async load(provider) {
      const row = await db().integrationCircuit.findUnique({ where: { provider } });
      return row ? toView(row) : null;
    },
    async recordAutomatic(provider, transition) {
      const snapshot = JSON.parse(
        JSON.stringify(transition.snapshot ?? null),
      ) as Prisma.InputJsonValue;
      const data = {
        state: transition.to,
        openedAt: transition.openedAt === null ? null : new Date(transition.openedAt),
        openUntil: transition.openUntil === null ? null : new Date(transition.openUntil),
        snapshot,
      };
      await db().$transaction([
        db().integrationCircuit.upsert({
          where: { provider },
          create: { provider, ...data },
          update: data,
        }),
        db().integrationCircuitTransition.create({
          data: {
            provider,
            fromState: transition.from,
            toState: transition.to,
            instanceId: transition.instanceId,
          },
        }),
      ]);
    },
  };
}
