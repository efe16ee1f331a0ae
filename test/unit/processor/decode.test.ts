import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MAX_RECORD_BYTES, decodeUserMessage } from '../../../src/processor/decode.ts'
import { syntheticRecord } from '../../helpers.ts'

const kindOf = (value: Buffer | null): string => {
  const decoded = decodeUserMessage(value)
  return decoded.ok ? 'ok' : decoded.kind
}

test('a valid record decodes', () => {
  const record = syntheticRecord(1)
  const decoded = decodeUserMessage(Buffer.from(JSON.stringify(record)))
  assert.deepEqual(decoded, { ok: true, record })
})

test('every kind of poison is classified with a reason', () => {
  assert.equal(kindOf(null), 'null-value')
  assert.equal(kindOf(Buffer.alloc(0)), 'null-value')
  assert.equal(kindOf(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 'invalid-utf8')
  assert.equal(kindOf(Buffer.from('not json')), 'not-json')
  assert.equal(kindOf(Buffer.from('{"id": 5}')), 'wrong-shape')
  assert.equal(kindOf(Buffer.from(JSON.stringify({ ...syntheticRecord(1), id: undefined }))), 'wrong-shape')
  assert.equal(kindOf(Buffer.alloc(MAX_RECORD_BYTES + 1, 0x20)), 'too-large')
})
