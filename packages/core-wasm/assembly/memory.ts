// Loads and stores of one element of a column in linear memory, shared by every kernel family.
// `p` is the column's base pointer (from the TypeScript arena), `i` the element index; the helpers are
// inlined, so they cost nothing over a bare load<T>/store<T>.

/** First free byte after the module's static data: the TypeScript arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}

@inline export function ldB(p: usize, i: i32): i32 { return <i32>load<i8>(p + <usize>i); }
@inline export function ldI(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline export function ldF(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline export function stB(p: usize, i: i32, v: bool): void { store<u8>(p + <usize>i, <u8>v); }
@inline export function stI(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }
@inline export function stF(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** Two u8 flags from a 2-lane bitmask: byte i = bit 0, byte i + 1 = bit 1 (little-endian u16). */
@inline export function stPair(p: usize, i: i32, mask: i32): void {
  store<u16>(p + <usize>i, <u16>((mask & 1) | ((mask & 2) << 7)));
}
