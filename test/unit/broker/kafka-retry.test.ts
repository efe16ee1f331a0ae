import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  KAFKA_RETRY_MAX_MS,
  kafkaRetryDelay,
  kafkaRetryOptions,
  kafkaRetryWindowMs
} from '../../../src/broker/kafka/retry.ts'

test('Kafka clients back off exponentially up to a 2 s cap, never with a zero wait', () => {
  assert.equal(
    kafkaRetryDelay(1, () => 0),
    125
  )
  assert.equal(
    kafkaRetryDelay(1, () => 1),
    250
  )
  assert.equal(
    kafkaRetryDelay(3, () => 1),
    1000
  )
  assert.equal(
    kafkaRetryDelay(10, () => 1),
    KAFKA_RETRY_MAX_MS
  )
  assert.equal(
    kafkaRetryDelay(10, () => 0),
    KAFKA_RETRY_MAX_MS / 2
  )
})

test('their retries outlast a broker restart: at least 90 s before an operation fails', () => {
  assert.ok(kafkaRetryWindowMs() >= 90_000, `${kafkaRetryWindowMs()} ms`)
  assert.ok(kafkaRetryWindowMs() <= 300_000, 'and a dead broker is still reported within minutes')
  const delay = kafkaRetryOptions.retryDelay(undefined, 'produce', 4)
  assert.ok(delay >= 1000 && delay <= 2000, String(delay))
})
