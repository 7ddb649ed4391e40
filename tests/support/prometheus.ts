import { getMetricsFromIterator } from "prom2javascript";
import { z } from "zod";

const labels = z.record(z.string(), z.string());
const family = z.object({
  type: z.enum(["counter", "gauge", "histogram", "summary", "untyped"]),
  help: z.string(),
  data: z.array(
    z.union([
      z.object({
        labels,
        buckets: z.record(z.string(), z.number()),
        count: z.number(),
        sum: z.number().optional(),
      }),
      z.object({ labels, value: z.number() }),
    ]),
  ),
});
export type Metrics = Record<string, z.infer<typeof family>>;

/**
 * Parses Prometheus text with a parser library (prom2javascript) and checks the shape it gives,
 * so tests assert on parsed samples rather than on substrings of the text. Lines the parser does
 * not understand make it throw.
 */
export async function parsePrometheus(text: string): Promise<Metrics> {
  const parsed = await getMetricsFromIterator(text.split("\n")[Symbol.iterator]());
  return z.record(z.string(), family).parse(parsed);
}

function matches(sampleLabels: Record<string, string>, wanted: Record<string, string>) {
  return Object.entries(wanted).every(([key, value]) => sampleLabels[key] === value);
}

function familyOf(metrics: Metrics, name: string) {
  const found = metrics[name];
  if (!found) throw new Error(`No metric ${name} in the output`);
  return found;
}

/** The value of the one sample of `name` whose labels include `wanted`; undefined if none. */
export function sampleValue(
  metrics: Metrics,
  name: string,
  wanted: Record<string, string>,
): number | undefined {
  const hits = familyOf(metrics, name).data.filter(
    (sample) => "value" in sample && matches(sample.labels, wanted),
  );
  if (hits.length > 1) throw new Error(`${hits.length} samples of ${name} match`);
  const hit = hits[0];
  return hit && "value" in hit ? hit.value : undefined;
}

/** Every sample of `name` whose labels include `wanted`, summed. */
export function sampleSum(metrics: Metrics, name: string, wanted: Record<string, string>): number {
  return familyOf(metrics, name)
    .data.filter((sample) => "value" in sample && matches(sample.labels, wanted))
    .reduce((sum, sample) => sum + ("value" in sample ? sample.value : 0), 0);
}

export function histogramOf(metrics: Metrics, name: string, wanted: Record<string, string>) {
  const hits = familyOf(metrics, name).data.filter(
    (sample) => "buckets" in sample && matches(sample.labels, wanted),
  );
  if (hits.length > 1) throw new Error(`${hits.length} series of ${name} match`);
  const hit = hits[0];
  return hit && "buckets" in hit ? hit : undefined;
}

export function metricType(metrics: Metrics, name: string) {
  return familyOf(metrics, name).type;
}
