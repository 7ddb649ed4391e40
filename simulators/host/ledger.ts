/**
 * What a simulated provider holds: named collections of records and the log of events it
 * emitted. Records are kept in insertion order with an index by id, so that cursor pagination
 * (`starting_after`) costs the same on the first page and the thousandth.
 */
export interface Identified {
  id: string;
}

/** The least an event needs for the host to log and deliver it. */
export interface SimEvent extends Identified {
  type: string;
}

export type Page<T> = { data: T[]; hasMore: boolean } | { unknownCursor: string };

export interface PageOptions<T> {
  limit: number;
  startingAfter?: string;
  filter?: (record: T) => boolean;
}

export class Collection<T extends Identified> {
  private readonly records: T[] = [];
  private readonly positions = new Map<string, number>();

  constructor(readonly name: string) {}

  get size(): number {
    return this.records.length;
  }

  get(id: string): T | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : this.records[position];
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  insert(record: T): T {
    if (this.positions.has(record.id)) {
      throw new Error(`${this.name}: a record with id ${record.id} already exists`);
    }
    this.positions.set(record.id, this.records.length);
    this.records.push(record);
    return record;
  }

  /** Puts a new version of a record in the old one's place. */
  replace(record: T): T {
    const position = this.positions.get(record.id);
    if (position === undefined) throw new Error(`${this.name}: no record with id ${record.id}`);
    this.records[position] = record;
    return record;
  }

  all(): readonly T[] {
    return this.records;
  }

  page({ limit, startingAfter, filter }: PageOptions<T>): Page<T> {
    let start = 0;
    if (startingAfter !== undefined) {
      const position = this.positions.get(startingAfter);
      if (position === undefined) return { unknownCursor: startingAfter };
      start = position + 1;
    }
    const data: T[] = [];
    for (let index = start; index < this.records.length; index += 1) {
      const record = this.records[index];
      if (record === undefined || (filter && !filter(record))) continue;
      if (data.length === limit) return { data, hasMore: true };
      data.push(record);
    }
    return { data, hasMore: false };
  }

  clear(): void {
    this.records.length = 0;
    this.positions.clear();
  }
}

export type EventListener<E> = (event: E) => void;

export class EventLog<E extends SimEvent> extends Collection<E> {
  private readonly listeners = new Set<EventListener<E>>();

  /** Logs an event and tells the listeners (the host's webhook delivery) about it. */
  append(event: E): E {
    this.insert(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  onAppend(listener: EventListener<E>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Base of every simulator's ledger. A simulator subclasses it and declares its collections as
 * typed fields (`readonly objects = this.collection<GenericObject>("objects")`), so tests read
 * typed records in-process while the control endpoint serves all collections by name.
 */
export class Ledger<E extends SimEvent = SimEvent> {
  readonly events = new EventLog<E>("events");
  private readonly collections = new Map<string, Collection<Identified>>();

  protected collection<T extends Identified>(name: string): Collection<T> {
    if (name === "events" || this.collections.has(name)) {
      throw new Error(`ledger collection ${name} is declared twice`);
    }
    const collection = new Collection<T>(name);
    this.collections.set(name, collection);
    return collection;
  }

  collectionNames(): string[] {
    return [...this.collections.keys(), "events"];
  }

  /** A collection by name, for the control endpoint; `events` is the event log. */
  lookup(name: string): Collection<Identified> | undefined {
    return name === "events" ? this.events : this.collections.get(name);
  }

  snapshot(): { collections: Record<string, readonly Identified[]>; events: readonly E[] } {
    const collections: Record<string, readonly Identified[]> = {};
    for (const [name, collection] of this.collections) collections[name] = collection.all();
    return { collections, events: this.events.all() };
  }

  clear(): void {
    for (const collection of this.collections.values()) collection.clear();
    this.events.clear();
  }
}
