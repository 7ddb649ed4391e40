import { randomBytes } from "node:crypto";
import type { SimEvent } from "../ledger";

/**
 * Turns events into the deliveries of one send: the genuine ones (events grouped by the
 * provider's batch size), plus duplicates, forged copies and a shuffled order, in exact numbers
 * taken from shares of the whole send. Pure apart from the injected random source.
 */
export interface PlannedDelivery<E> {
  /** A one-event delivery is identified by its event id, as Standard Webhooks' webhook-id is. */
  deliveryId: string;
  events: E[];
  forged: boolean;
  /** A repeat of an earlier genuine delivery: same id, same events. */
  duplicate: boolean;
}

export interface PlanOptions {
  /** Share of all deliveries of the send that repeat a genuine one (0 ≤ share < 1). */
  duplicates?: number;
  /** Share of all deliveries of the send that carry a bad signature. */
  forged?: number;
  /**
   * Share of the deliveries moved out of order: that many positions are picked at random and
   * their deliveries rotated among them, so each one of them leaves its place.
   */
  shuffled?: number;
  /**
   * What a forged delivery carries: "fabricated" (default) events with new ids that the provider
   * never emitted, or "copies" of genuine events, ids included, as a replaying attacker would.
   */
  forgedFrom?: "fabricated" | "copies";
}

export interface PlanProfile<E> {
  maxEventsPerDelivery: number;
  fabricate(like: E, random: () => number): E;
}

export interface DeliveryCounts {
  genuine: number;
  duplicates: number;
  forged: number;
  total: number;
}

function share(name: string, value: number | undefined, inclusive = false): number {
  const result = value ?? 0;
  const valid = result >= 0 && (inclusive ? result <= 1 : result < 1);
  if (!valid) throw new RangeError(`${name} must be a share in [0, 1${inclusive ? "]" : ")"}`);
  return result;
}

/** How many deliveries of each kind a send of `genuine` deliveries has, for the given shares. */
export function deliveryCounts(genuine: number, options: PlanOptions = {}): DeliveryCounts {
  const duplicateShare = share("duplicates", options.duplicates);
  const forgedShare = share("forged", options.forged);
  if (duplicateShare + forgedShare >= 1) {
    throw new RangeError("duplicates and forged together must leave room for genuine deliveries");
  }
  if (genuine === 0) return { genuine, duplicates: 0, forged: 0, total: 0 };
  const total = Math.round(genuine / (1 - duplicateShare - forgedShare));
  const duplicates = Math.round(total * duplicateShare);
  const forged = Math.max(0, total - genuine - duplicates);
  return { genuine, duplicates, forged, total: genuine + duplicates + forged };
}

export function newDeliveryId(): string {
  return `dlv_${randomBytes(12).toString("hex")}`;
}

/** The genuine deliveries for these events, in order. */
export function groupEvents<E extends SimEvent>(
  events: readonly E[],
  maxEventsPerDelivery: number,
): PlannedDelivery<E>[] {
  const size = Math.max(1, Math.floor(maxEventsPerDelivery));
  const deliveries: PlannedDelivery<E>[] = [];
  for (let start = 0; start < events.length; start += size) {
    const batch = events.slice(start, start + size);
    const first = batch[0];
    if (!first) continue;
    deliveries.push({
      deliveryId: batch.length === 1 ? first.id : newDeliveryId(),
      events: batch,
      forged: false,
      duplicate: false,
    });
  }
  return deliveries;
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

/** Sattolo's algorithm: a random cyclic permutation, which leaves no element in its place. */
export function rotateRandomly<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * i);
    const a = items[i];
    const b = items[j];
    if (a === undefined || b === undefined) continue;
    items[i] = b;
    items[j] = a;
  }
}

/** Picks `count` distinct indexes below `length`. */
function sampleIndexes(length: number, count: number, random: () => number): number[] {
  const indexes = Array.from({ length }, (_, index) => index);
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (length - i));
    const a = indexes[i];
    const b = indexes[j];
    if (a === undefined || b === undefined) continue;
    indexes[i] = b;
    indexes[j] = a;
  }
  return indexes.slice(0, count).sort((a, b) => a - b);
}

export function planDeliveries<E extends SimEvent>(
  events: readonly E[],
  profile: PlanProfile<E>,
  options: PlanOptions = {},
  random: () => number = Math.random,
): PlannedDelivery<E>[] {
  const genuine = groupEvents(events, profile.maxEventsPerDelivery);
  const counts = deliveryCounts(genuine.length, options);

  // Each delivery gets a sort key: genuine ones their index, a duplicate a random place after its
  // original (a provider repeats a delivery later, never before it), a forged one anywhere.
  const keyed: { key: number; delivery: PlannedDelivery<E> }[] = genuine.map((delivery, index) => ({
    key: index,
    delivery,
  }));
  // Each duplicate repeats a different delivery while there are enough of them to go round.
  const originals: number[] = [];
  while (genuine.length > 0 && originals.length < counts.duplicates) {
    const round = Math.min(genuine.length, counts.duplicates - originals.length);
    for (const index of sampleIndexes(genuine.length, round, random)) originals.push(index);
  }
  for (const index of originals) {
    const original = genuine[index];
    if (!original) continue;
    keyed.push({
      key: index + 0.5 + random() * (genuine.length - index - 0.5),
      delivery: { ...original, events: [...original.events], duplicate: true },
    });
  }
  for (let n = 0; n < counts.forged; n += 1) {
    const like = pick(genuine, random);
    const copies = options.forgedFrom === "copies";
    const forgedEvents = copies
      ? [...like.events]
      : like.events.map((event) => profile.fabricate(event, random));
    const first = forgedEvents[0];
    keyed.push({
      key: random() * genuine.length,
      delivery: {
        deliveryId: copies
          ? like.deliveryId
          : first && forgedEvents.length === 1
            ? first.id
            : newDeliveryId(),
        events: forgedEvents,
        forged: true,
        duplicate: false,
      },
    });
  }
  keyed.sort((a, b) => a.key - b.key);
  const plan = keyed.map((entry) => entry.delivery);

  const moved = Math.round(plan.length * share("shuffled", options.shuffled, true));
  if (moved >= 2) {
    const positions = sampleIndexes(plan.length, moved, random);
    const chosen = positions.flatMap((position) => plan[position] ?? []);
    rotateRandomly(chosen, random);
    positions.forEach((position, index) => {
      const delivery = chosen[index];
      if (delivery) plan[position] = delivery;
    });
  }
  return plan;
}
