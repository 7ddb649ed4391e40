import type { GenericEvent, GenericLedger } from "./ledger";

export interface GenerateChangesOptions {
  /** Object types to create, picked at random (default customer, order, invoice). */
  types?: readonly string[];
  /**
   * Relative weights of creating, updating and deleting (default 4 : 5 : 1). With no live object
   * to change, the step creates one.
   */
  mix?: { create?: number; update?: number; delete?: number };
  random?: () => number;
}

const DEFAULT_TYPES = ["customer", "order", "invoice"];
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
const STATUSES = ["active", "pending", "paused", "closed"];

function pick<T>(items: readonly T[], random: () => number, fallback: T): T {
  return items[Math.floor(random() * items.length)] ?? fallback;
}

function randomAttributes(random: () => number): Record<string, unknown> {
  return {
    name: `${pick(WORDS, random, "alpha")}-${Math.floor(random() * 1_000_000)}`,
    amount: Math.floor(random() * 100_000),
    status: pick(STATUSES, random, "active"),
  };
}

/**
 * Makes `n` changes to the ledger directly (no HTTP), each emitting exactly one event, for tests
 * and benchmarks that need many events. Returns those events, oldest first.
 */
export function generateChanges(
  ledger: GenericLedger,
  n: number,
  options: GenerateChangesOptions = {},
): GenericEvent[] {
  const random = options.random ?? Math.random;
  const types = options.types?.length ? options.types : DEFAULT_TYPES;
  const create = options.mix?.create ?? 4;
  const update = options.mix?.update ?? 5;
  const remove = options.mix?.delete ?? 1;
  const total = create + update + remove;
  if (!(total > 0) || create < 0 || update < 0 || remove < 0) {
    throw new RangeError("mix weights must be non-negative with a positive sum");
  }
  const live = ledger.objects
    .all()
    .filter((object) => !object.deleted)
    .map((object) => object.id);
  const first = ledger.events.size;

  for (let step = 0; step < n; step += 1) {
    const roll = random() * total;
    if (live.length === 0 || roll < create) {
      live.push(ledger.create(pick(types, random, "object"), randomAttributes(random)).id);
      continue;
    }
    const index = Math.floor(random() * live.length);
    const object = ledger.objects.get(live[index] ?? "");
    if (!object) throw new Error(`generateChanges: live object ${live[index] ?? ""} is missing`);
    if (roll < create + update) {
      ledger.update(object, randomAttributes(random));
    } else {
      ledger.remove(object);
      live[index] = live[live.length - 1] ?? "";
      live.pop();
    }
  }
  return ledger.events.all().slice(first);
}
