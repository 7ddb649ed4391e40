export interface DetailField {
  key: string;
  value: string;
}

/** Enough for any real entry; a huge or hostile details object stops here and says so. */
export const MAX_DETAIL_FIELDS = 40;
export const MAX_DETAIL_VALUE = 500;
/** Items shown of one array; the rest are counted, so one long list cannot hide the other fields. */
export const MAX_ARRAY_ITEMS = 5;
const MAX_DEPTH = 8;

function show(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * An entry's details as "key: value" fields, nested objects flattened with dotted keys
 * (`request.path`), arrays by position (`items.0`, the first few only). Shallow fields come
 * first, since they usually say what happened; long values are cut with an ellipsis and the
 * field count is bounded, with a last field saying how many were left out.
 */
export function flattenDetails(details: unknown): DetailField[] {
  const leaves: (DetailField & { depth: number })[] = [];
  const visit = (value: unknown, key: string, depth: number) => {
    let nested: (readonly [string, unknown])[] | null = null;
    if (value !== null && typeof value === "object" && depth < MAX_DEPTH) {
      nested = Array.isArray(value)
        ? value.slice(0, MAX_ARRAY_ITEMS).map((item, index) => [String(index), item] as const)
        : Object.entries(value);
    }
    if (nested && nested.length > 0) {
      for (const [child, item] of nested) visit(item, key ? `${key}.${child}` : child, depth + 1);
      if (Array.isArray(value) && value.length > MAX_ARRAY_ITEMS) {
        leaves.push({
          key: key || "value",
          value: `…and ${value.length - MAX_ARRAY_ITEMS} more items`,
          depth,
        });
      }
      return;
    }
    const text = nested ? (Array.isArray(value) ? "[]" : "{}") : show(value);
    leaves.push({
      key: key || "value",
      value: text.length > MAX_DETAIL_VALUE ? `${text.slice(0, MAX_DETAIL_VALUE)}…` : text,
      depth,
    });
  };
  if (details !== null && details !== undefined) visit(details, "", 0);
  if (leaves.length === 1 && leaves[0]?.key === "value" && leaves[0].value === "{}") return [];
  // A stable sort: within one depth, fields keep the object's order.
  const ordered = leaves
    .map((leaf, index) => ({ leaf, index }))
    .sort((a, b) => a.leaf.depth - b.leaf.depth || a.index - b.index)
    .map(({ leaf }) => ({ key: leaf.key, value: leaf.value }));
  if (ordered.length <= MAX_DETAIL_FIELDS) return ordered;
  return [
    ...ordered.slice(0, MAX_DETAIL_FIELDS),
    { key: "…", value: `${ordered.length - MAX_DETAIL_FIELDS} more fields not shown` },
  ];
}
