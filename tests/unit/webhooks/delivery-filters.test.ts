import { describe, expect, it } from "vitest";
import { readDeliveryFilter } from "@/lib/webhooks/filters";

const from = (raw: string) => {
  const parsed = readDeliveryFilter({ from: raw });
  return parsed.success ? parsed.data.from?.toISOString() : "refused";
};

describe("the deliveries filter's points in time", () => {
  it("reads a day, a datetime-local minute and full ISO timestamps, all as the same instant", () => {
    const at = new Date(Date.UTC(2026, 10, 29, 17, 20, Math.floor(Math.random() * 60), 123));
    expect(from(at.toISOString())).toBe(at.toISOString());
    expect(from(at.toISOString().replace("Z", "+00:00"))).toBe(at.toISOString());
    expect(from("2026-11-29T18:20:00+01:00")).toBe("2026-11-29T17:20:00.000Z");
    expect(from("2026-11-29T17:20")).toBe("2026-11-29T17:20:00.000Z");
    expect(from("2026-11-29")).toBe("2026-11-29T00:00:00.000Z");
  });

  it("refuses what is not a date, and a start after the end", () => {
    expect(from("2026-13-45")).toBe("refused");
    expect(from("yesterday")).toBe("refused");
    expect(readDeliveryFilter({ from: "2026-11-30", to: "2026-11-29" }).success).toBe(false);
  });

  it("widens a bare day given as the end to the whole of that day", () => {
    const parsed = readDeliveryFilter({ to: "2026-11-29" });
    expect(parsed.success && parsed.data.to?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });
});
