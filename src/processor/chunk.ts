// Pure: splits messages into groups whose summed size stays under a limit, in order. Kafka writes one produce
// request's messages for a partition as one record batch, and the broker refuses a batch over max.message.bytes
// (1 MB by default) as a whole: the DLQ sends a large batch of dead letters in several requests instead.
export function chunkBySize<T>(items: readonly T[], sizeOf: (item: T) => number, maxBytes: number): T[][] {
  const chunks: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const item of items) {
    const size = sizeOf(item)
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}
