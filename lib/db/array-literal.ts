// A list as one PostgreSQL array parameter (`${arrayLiteral(ids)}::uuid[]`): one value to
// bind where drizzle's `inArray` binds one per element, which for a 1,000-row batch costs
// PGlite ~25 ms of Bind alone. Elements are quoted, so any text is safe inside.
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}
