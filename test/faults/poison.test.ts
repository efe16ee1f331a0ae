// Scenario 4: poison messages at 1 % of the stream (not JSON, JSON of the wrong shape, a record without its id,
// invalid UTF-8, a null value, a 2 MB value): each lands in the DLQ with its kind and reason, every good record is
// written, and the stream never stops.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { Producer, ProduceAcks } from '@platformatic/kafka'
import { ensureTopics, pipelineTopics } from '../../src/broker/kafka/topics.ts'
import type { DecodeFailure } from '../../src/processor/decode.ts'
import { dropPipeline, syntheticRecord, testConfig } from '../helpers.ts'
import { killLeftovers, readTopic, report, seconds, spawnCli, verifyExact } from './helpers.ts'

const config = testConfig()

after(async () => {
  await killLeftovers()
  await dropPipeline(config)
})

const TWO_MB = 2 * 1024 * 1024

/** The six kinds of poison, in turn; each with the DLQ kind the processor must give it. */
const poisons: { name: string; kind: DecodeFailure; value: (i: number) => Buffer | null }[] = [
  { name: 'not JSON', kind: 'not-json', value: (i) => Buffer.from(`this is not json {${i}`) },
  { name: 'JSON of the wrong shape', kind: 'wrong-shape', value: (i) => Buffer.from(JSON.stringify({ hello: i })) },
  {
    name: 'missing id',
    kind: 'wrong-shape',
    value: (i) => {
      const { id: _id, ...rest } = syntheticRecord(i)
      return Buffer.from(JSON.stringify(rest))
    }
  },
  {
    name: 'invalid UTF-8',
    kind: 'invalid-utf8',
    value: (i) => Buffer.concat([Buffer.from(`{"id":"${i}`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')])
  },
  { name: 'null value', kind: 'null-value', value: () => null },
  {
    name: '2 MB value',
    kind: 'too-large',
    value: (i) => Buffer.from(JSON.stringify({ ...syntheticRecord(i), address: 'x'.repeat(TWO_MB) }))
  }
]

test(
  'poison at 1 %: each in the DLQ with a reason, every good record written, the stream never stops',
  {
    timeout: 300_000
  },
  async () => {
    const GOOD = 10_000
    const POISON = 100
    // The topic takes messages up to 4 MB, so the 2 MB poison reaches the processor as it would from any producer.
    await ensureTopics(config, [
      { ...pipelineTopics(config)[0]!, configs: { 'max.message.bytes': String(4 * 1024 * 1024) } },
      pipelineTopics(config)[1]!
    ])
    const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({
      clientId: 'faults-poison',
      bootstrapBrokers: [...config.kafka.brokers],
      idempotent: true,
      acks: ProduceAcks.ALL,
      autocreateTopics: false
    })
    const expected = new Map<string, DecodeFailure>()
    try {
      for (let p = 0; p < POISON; p++) {
        const good = Array.from({ length: GOOD / POISON }, (_, i) => syntheticRecord(p * 1000 + i))
        const poison = poisons[p % poisons.length]!
        const key = `poison-${p}`
        expected.set(key, poison.kind)
        const at = Math.floor(Math.random() * good.length)
        const messages: { topic: string; key: Buffer; value: Buffer }[] = good.map((record) => ({
          topic: config.kafka.topic,
          key: Buffer.from(record.id),
          value: Buffer.from(JSON.stringify(record))
        }))
        // A null value cannot be typed as Buffer; Kafka stores it as a real null (a tombstone).
        messages.splice(at, 0, {
          topic: config.kafka.topic,
          key: Buffer.from(key),
          value: poison.value(p) as Buffer
        })
        await producer.send({ messages })
      }
    } finally {
      await producer.close()
    }

    const started = Date.now()
    const processor = spawnCli(config, ['process', '--drain', '--json'])
    assert.equal(await processor.exited, 0, processor.stderr)
    const drainMs = Date.now() - started
    const stats = JSON.parse(processor.stdout) as {
      written: number
      deadLettered: number
      deadLetteredByKind: Record<string, number>
    }
    assert.equal(stats.written, GOOD)
    assert.equal(stats.deadLettered, POISON)
    const byKind: Record<string, number> = {}
    for (const kind of expected.values()) byKind[kind] = (byKind[kind] ?? 0) + 1
    assert.deepEqual(stats.deadLetteredByKind, byKind)

    const dead = await readTopic(config, config.kafka.dlqTopic)
    assert.equal(dead.length, POISON, 'each poison message is in the DLQ once')
    const seen = new Set<string>()
    for (const message of dead) {
      const key = message.key?.toString() ?? ''
      assert.ok(expected.has(key), `an unexpected DLQ message: ${key}`)
      assert.ok(!seen.has(key), `${key} dead-lettered twice`)
      seen.add(key)
      assert.equal(message.headers.get('x-error-kind'), expected.get(key), key)
      assert.ok((message.headers.get('x-error-reason') ?? '').length > 10, `${key} has a reason`)
      assert.equal(message.headers.get('x-source-topic'), config.kafka.topic)
      assert.match(message.headers.get('x-source-offset') ?? '', /^\d+$/)
      if (expected.get(key) === 'too-large') {
        assert.ok(Number(message.headers.get('x-value-bytes')) > TWO_MB)
        assert.ok((message.value?.length ?? 0) <= 512 * 1024, 'the DLQ keeps at most 512 KB of a huge value')
      }
    }

    const result = await verifyExact(config, GOOD, { invalid: POISON })
    assert.equal(result.deadLettered, POISON)
    report({
      scenario: '4. poison messages at 1 % (6 kinds)',
      usersIn: GOOD + POISON,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `never stopped: ${GOOD + POISON} messages drained in ${seconds(drainMs)}`
    })
  }
)
