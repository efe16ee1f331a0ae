import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BoundedQueue } from '../../../src/processor/message-queue.ts'

test('push waits while the queue is full and resumes when items are taken', async () => {
  const queue = new BoundedQueue<number>(2)
  await queue.push(1)
  await queue.push(2)
  let third = false
  const pushing = queue.push(3).then(() => (third = true))
  await new Promise((r) => setTimeout(r, 20))
  assert.equal(third, false, 'the third push waits for space')
  assert.deepEqual(queue.take(1), [1])
  await pushing
  assert.deepEqual(queue.take(10), [2, 3])
})

test('waitForData resolves on arrival, on timeout and on end', async () => {
  const queue = new BoundedQueue<string>(10)
  const started = Date.now()
  await queue.waitForData(30)
  assert.ok(Date.now() - started >= 25, 'times out when nothing arrives')
  const waiting = queue.waitForData(5000)
  void queue.push('a')
  await waiting
  assert.deepEqual(queue.take(5), ['a'])
  const ending = queue.waitForData(5000)
  queue.end()
  await ending
  assert.equal(queue.ended, true)
})
