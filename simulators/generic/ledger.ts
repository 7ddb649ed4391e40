import { randomId } from "../host/ids";
import { Ledger } from "../host/ledger";

export interface GenericObject {
  id: string;
  type: string;
  version: number;
  attributes: Record<string, unknown>;
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
}

export type GenericEventType = "object.created" | "object.updated" | "object.deleted";

/** An event exactly as it is delivered and listed. */
export interface GenericEvent {
  id: string;
  type: GenericEventType;
  /** ISO-8601. */
  timestamp: string;
  data: { object: Omit<GenericObject, "createdAt"> };
}

export class GenericLedger extends Ledger<GenericEvent> {
  readonly objects = this.collection<GenericObject>("objects");

  constructor(private readonly now: () => number) {
    super();
  }

  create(type: string, attributes: Record<string, unknown>): GenericObject {
    const at = new Date(this.now()).toISOString();
    const object = this.objects.insert({
      id: randomId("obj_"),
      type,
      version: 1,
      attributes,
      deleted: false,
      createdAt: at,
      updatedAt: at,
    });
    this.emit("object.created", object);
    return object;
  }

  /** Shallow merge; a new object, so a version read earlier stays as it was. */
  update(current: GenericObject, attributes: Record<string, unknown>): GenericObject {
    const object = this.objects.replace({
      ...current,
      version: current.version + 1,
      attributes: { ...current.attributes, ...attributes },
      updatedAt: new Date(this.now()).toISOString(),
    });
    this.emit("object.updated", object);
    return object;
  }

  remove(current: GenericObject): GenericObject {
    const object = this.objects.replace({
      ...current,
      version: current.version + 1,
      deleted: true,
      updatedAt: new Date(this.now()).toISOString(),
    });
    this.emit("object.deleted", object);
    return object;
  }

  private emit(type: GenericEventType, object: GenericObject): void {
    const { createdAt: _createdAt, ...rest } = object;
    this.events.append({
      id: randomId("evt_"),
      type,
      timestamp: new Date(this.now()).toISOString(),
      data: { object: rest },
    });
  }
}
