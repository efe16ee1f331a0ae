import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffDelay } from '../../src/retry.ts'

test('backoff doubles, is jittered within [ceiling/2, ceiling] and capped', () => {
  const options = { baseMs: 100, maxMs: 1000 }
  assert.equal(
    backoffDelay(1, options, () => 0),
    50
  )
  assert.equal(
    backoffDelay(1, options, () => 1),
    100
  )
  assert.equal(
    backoffDelay(3, options, () => 1),
    400
  )
  assert.equal(
    backoffDelay(10, options, () => 1),
    1000
  )
  assert.equal(
    backoffDelay(10, options, () => 0),
    500
  )
})
