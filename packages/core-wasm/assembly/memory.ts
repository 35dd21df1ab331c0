/** First free byte after the module's static data: the TypeScript arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}
