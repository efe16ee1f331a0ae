import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chunkBySize } from '../../../src/processor/chunk.ts'

test('chunks keep order and stay under the limit; an item over the limit travels alone', () => {
  const size = (n: number): number => n
  assert.deepEqual(chunkBySize([], size, 10), [])
  assert.deepEqual(chunkBySize([3, 3, 3, 3], size, 10), [[3, 3, 3], [3]])
  assert.deepEqual(chunkBySize([4, 20, 4, 4, 4], size, 10), [[4], [20], [4, 4], [4]])
  assert.deepEqual(chunkBySize([10, 10], size, 10), [[10], [10]])
})

test('seven 512 KB dead letters go out in requests the broker accepts (under 1 MB each)', () => {
  const kb512 = 512 * 1024 + 300
  const chunks = chunkBySize([...Array<number>(7).fill(kb512), 1000, 1000], (n) => n, 900 * 1024)
  assert.equal(chunks.flat().length, 9)
  for (const chunk of chunks) assert.ok(chunk.length === 1 || chunk.reduce((a, b) => a + b, 0) <= 900 * 1024)
})
