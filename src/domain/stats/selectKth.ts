/**
 * The k-th smallest value (0-based) of `values`, by an in-place quickselect with a median-of-three pivot:
 * linear on average, where a full sort is n log n. REORDERS `values` (pass a copy to keep the original).
 */
export function selectKth(values: Float64Array, k: number): number {
  if (k < 0 || k >= values.length) throw new RangeError(`selectKth: k=${k} outside 0..${values.length - 1}`);
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three to the middle, as the pivot.
    if (values[mid]! < values[lo]!) swap(values, mid, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[hi]! < values[mid]!) swap(values, hi, mid);
    const pivot = values[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) { swap(values, i, j); i += 1; j -= 1; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
