export interface DetailField {
  key: string;
  value: string;
}

/** Enough for any real entry; a huge or hostile details object stops here and says so. */
export const MAX_DETAIL_FIELDS = 40;
export const MAX_DETAIL_VALUE = 500;

function show(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * An entry's details as "key: value" fields, nested objects flattened with dotted keys
 * (`request.path`), arrays by position (`items.0`). Long values are cut with an ellipsis and the
 * field count is bounded, with a last field saying how many were left out.
 */
export function flattenDetails(details: unknown): DetailField[] {
  const fields: DetailField[] = [];
  let total = 0;
  const visit = (value: unknown, key: string, depth: number) => {
    const nested =
      value !== null && typeof value === "object" && depth < 8
        ? Array.isArray(value)
          ? value.map((item, index) => [String(index), item] as const)
          : Object.entries(value)
        : null;
    if (nested && nested.length > 0) {
      for (const [child, item] of nested) visit(item, key ? `${key}.${child}` : child, depth + 1);
      return;
    }
    total += 1;
    if (fields.length >= MAX_DETAIL_FIELDS) return;
    const text = nested ? (Array.isArray(value) ? "[]" : "{}") : show(value);
    fields.push({
      key: key || "value",
      value: text.length > MAX_DETAIL_VALUE ? `${text.slice(0, MAX_DETAIL_VALUE)}…` : text,
    });
  };
  if (details !== null && details !== undefined) visit(details, "", 0);
  if (fields.length === 1 && fields[0]?.key === "value" && fields[0].value === "{}") return [];
  if (total > fields.length)
    fields.push({ key: "…", value: `${total - fields.length} more fields not shown` });
  return fields;
}
