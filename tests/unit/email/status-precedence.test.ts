import { describe, expect, it } from "vitest";
import type { EmailStatus } from "@/lib/db/generated/enums";
import {
  nextStatus,
  statusForEvent,
  STATUSES_BEFORE_ACCEPTED,
} from "@/lib/integrations/providers/sendgrid/events/status-precedence";

const fold = (start: EmailStatus, types: string[]) =>
  types.reduce<EmailStatus>((status, type) => nextStatus(status, statusForEvent(type)), start);

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("email status precedence", () => {
  it("never lets a late delivered undo a bounce, nor a late open undo a drop", () => {
    expect(fold("SENT", ["processed", "bounce", "delivered"])).toBe("BOUNCED");
    expect(fold("SENT", ["dropped", "open", "delivered"])).toBe("DROPPED");
  });

  it("counts an open that arrives before delivered, and keeps it after", () => {
    expect(fold("SENT", ["open"])).toBe("OPENED");
    expect(fold("SENT", ["open", "delivered", "processed"])).toBe("OPENED");
  });

  it("moves through the pipeline in order, and a deferral after delivery changes nothing", () => {
    expect(fold("QUEUED", ["processed"])).toBe("PROCESSED");
    expect(fold("QUEUED", ["processed", "deferred"])).toBe("DEFERRED");
    expect(fold("QUEUED", ["processed", "deferred", "delivered", "deferred"])).toBe("DELIVERED");
    expect(fold("QUEUED", ["delivered", "click", "open"])).toBe("CLICKED");
  });

  it("lets SendGrid's word override the console's own FAILED (a send judged lost that went out)", () => {
    expect(fold("FAILED", ["processed"])).toBe("PROCESSED");
  });

  it("treats spam reports and unsubscribes as proof of delivery only", () => {
    expect(fold("SENT", ["spamreport"])).toBe("DELIVERED");
    expect(fold("CLICKED", ["unsubscribe", "group_unsubscribe"])).toBe("CLICKED");
    expect(fold("SENT", ["machine_opened"])).toBe("SENT");
  });

  it("keeps the first of two terminal failures", () => {
    expect(fold("SENT", ["dropped", "bounce"])).toBe("DROPPED");
    expect(fold("SENT", ["bounce", "dropped"])).toBe("BOUNCED");
  });

  it("gives the same status for any order of events without two terminal failures", () => {
    const lifecycles = [
      ["processed", "deferred", "delivered", "open", "open", "click"],
      ["processed", "bounce"],
      ["processed", "delivered", "open", "spamreport"],
      ["processed", "dropped"],
      ["processed", "deferred", "deferred", "bounce"],
    ];
    for (const events of lifecycles) {
      const expected = fold("SENT", events);
      for (let round = 0; round < 50; round += 1) {
        expect(fold("SENT", shuffled(events)), events.join(",")).toBe(expected);
      }
    }
  });

  it("lets a successful send replace only the console's own statuses", () => {
    expect([...STATUSES_BEFORE_ACCEPTED].sort()).toEqual(["FAILED", "QUEUED"]);
  });
});
