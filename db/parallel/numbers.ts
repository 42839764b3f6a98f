/** A JSON array of numbers (SQL NULL: none) as a Float64Array: how a ReadStatement `as: 'numbers'` is answered. */
export function numbers(value: unknown): Float64Array {
  return typeof value === 'string' ? Float64Array.from(JSON.parse(value) as number[]) : new Float64Array(0);
}
