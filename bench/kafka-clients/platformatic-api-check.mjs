#!/usr/bin/env node
// Executable notes on @platformatic/kafka 2.x, checked against a real broker:
//   node platformatic-api-check.mjs [--brokers 127.0.0.1:29092]
// Each check prints "ok <what>" or throws. Uses unique topic/group names and
// deletes its topics at the end.
import assert from 'node:assert/strict'
import {
  Admin,
  Consumer,
  Producer,
  ProduceAcks,
  ListOffsetTimestamps,
  MessagesStreamModes,
  MessagesStreamFallbackModes,
  stringSerializer,
  stringDeserializer,
  jsonSerializer,
  jsonDeserializer,
  compatibilityPartitioner,
  defaultPartitioner
} from '@platformatic/kafka'

const i = process.argv.indexOf('--brokers')
const bootstrapBrokers = (i > 0 ? process.argv[i + 1] : (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092')).split(',')
const run = `${Date.now()}`
const topic = `api-check-${run}`
const ok = (what) => console.log(`ok ${what}`)

// ---- Admin: create a topic, "already exists" error shape, metadata ------------------------
const admin = new Admin({ clientId: 'api-check-admin', bootstrapBrokers })
const created = await admin.createTopics({
  topics: [topic],
  partitions: 3,
  replicas: 1,
  configs: [
    { name: 'min.insync.replicas', value: '1' },
    { name: 'retention.ms', value: String(3600_000) }
  ]
})
assert.equal(created[0].name, topic)
assert.equal(created[0].partitions, 3)
ok('admin.createTopics({ topics: [name], partitions, replicas, configs: [{ name, value }] }) -> CreatedTopic[]')

try {
  await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 })
  assert.fail('expected TOPIC_ALREADY_EXISTS')
} catch (err) {
  // err is MultipleErrors (code PLT_KFK_MULTIPLE, "Creating topics failed.") wrapping a
  // ResponseError (PLT_KFK_RESPONSE) wrapping the ProtocolError; findBy searches recursively.
  assert.equal(err.code, 'PLT_KFK_MULTIPLE')
  assert.ok(err.findBy('apiId', 'TOPIC_ALREADY_EXISTS'), String(err))
  ok("createTopics on an existing topic rejects; err.findBy('apiId', 'TOPIC_ALREADY_EXISTS') detects it")
}

const md = await admin.metadata({ topics: [topic] })
assert.equal(md.topics.get(topic).partitionsCount, 3)
ok('admin.metadata({ topics }) -> { brokers: Map, topics: Map<name, { partitionsCount, partitions[] }> }')

// ---- Producer: idempotent + acks=all + lz4, string key / JSON value ---------------------
const producer = new Producer({
  clientId: 'api-check-producer',
  bootstrapBrokers,
  idempotent: true, // also forces acks=ALL, maxInflights=1, retries=MAX_SAFE_INTEGER
  acks: ProduceAcks.ALL, // -1; any other value with idempotent -> UserError on send
  compression: 'lz4', // 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' (zstd needs node:zlib zstd, Node >= 22.15)
  partitioner: compatibilityPartitioner, // Java/librdkafka-murmur2 compatible key -> partition
  // Without a serializer a part must be a Buffer; headers too: string header keys/values
  // need headerKey/headerValue serializers (see the hang check below).
  serializers: {
    key: stringSerializer,
    value: jsonSerializer,
    headerKey: stringSerializer,
    headerValue: stringSerializer
  }
})
const users = Array.from({ length: 30 }, (_, n) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  first_name: `u${n}`
}))
const result = await producer.send({
  messages: users.map((u) => ({ topic, key: u.id, value: u, headers: { source: 'api-check' } }))
})
assert.ok(result.offsets.length >= 1)
ok(
  `producer.send({ messages }) -> { offsets: [{ topic, partition, offset: bigint }] } (${JSON.stringify(result.offsets, (k, v) => (typeof v === 'bigint' ? String(v) : v))})`
)

try {
  await producer.send({ messages: [{ topic, key: 'k', value: {} }], acks: ProduceAcks.LEADER })
  assert.fail('expected UserError')
} catch (err) {
  assert.equal(err.code, 'PLT_KFK_USER')
  ok(`send({ acks: 1 }) on an idempotent producer -> ${err.code}: ${err.message}`)
}
await producer.close()

// GOTCHA: a non-Buffer part without a serializer is not validated: send() never settles.
const bare = new Producer({
  clientId: 'api-check-bare',
  bootstrapBrokers,
  idempotent: true,
  serializers: { key: stringSerializer, value: stringSerializer }
})
const outcome = await Promise.race([
  bare.send({ messages: [{ topic, key: 'k', value: 'v', headers: { source: 'x' } }] }).then(
    () => 'resolved',
    () => 'rejected'
  ),
  new Promise((resolve) => setTimeout(() => resolve('still pending after 3 s'), 3000))
])
assert.equal(outcome, 'still pending after 3 s')
ok(`string headers without headerKey/headerValue serializers: send() ${outcome} (hangs, no error)`)
await bare.close(true)

// Partitioners differ: defaultPartitioner uses murmur2 >>> 0, Java/kafkajs use murmur2 & 0x7fffffff.
let differs = 0
for (const u of users) {
  const k = Buffer.from(u.id)
  if (defaultPartitioner(undefined, k) % 3 !== compatibilityPartitioner(undefined, k) % 3) differs++
}
ok(`defaultPartitioner vs compatibilityPartitioner pick different partitions for ${differs}/${users.length} keys`)

// ---- Consumer: group, from the beginning, manual commits ---------------------------------
const groupId = `api-check-${run}-group`
const newConsumer = () =>
  new Consumer({
    clientId: 'api-check-consumer',
    groupId,
    bootstrapBrokers,
    autocommit: false, // default is true (commits every message's offset automatically)
    deserializers: {
      key: stringDeserializer,
      value: jsonDeserializer,
      headerKey: stringDeserializer,
      headerValue: stringDeserializer
    }
  })

let consumer = newConsumer()
let stream = await consumer.consume({
  topics: [topic],
  mode: MessagesStreamModes.COMMITTED, // default is LATEST, which ignores committed offsets!
  fallbackMode: MessagesStreamFallbackModes.EARLIEST // used when the group has no committed offset
})
const seen = []
for await (const message of stream) {
  seen.push(message)
  // message.offset is a bigint; message.commit() commits offset + 1 for that topic-partition only.
  if (seen.length === 10) await message.commit()
  if (seen.length === users.length) break // break closes the stream
}
assert.equal(seen[0].value.first_name.startsWith('u'), true)
assert.equal(seen[0].headers.get('source'), 'api-check')
// Commit every partition's last message explicitly (what a batch processor would do):
const last = new Map()
for (const m of seen) last.set(m.partition, m)
await consumer.commit({
  offsets: [...last.values()].map((m) => ({
    topic,
    partition: m.partition,
    offset: m.offset + 1n,
    leaderEpoch: m.leaderEpoch
  }))
})
const committed = await consumer.listCommittedOffsets({ topics: [{ topic, partitions: [0, 1, 2] }] })
const committedSum = committed.get(topic).reduce((s, o) => s + Number(o), 0)
assert.equal(committedSum, users.length)
ok(
  'consumer.commit({ offsets: [{ topic, partition, offset: next offset (last + 1n), leaderEpoch }] }); listCommittedOffsets -> Map<topic, bigint[]>'
)
await consumer.close() // the for-await break already closed the stream; otherwise await stream.close() first or close(true)

// Produce 5 more, restart: COMMITTED mode resumes after the commits, LATEST would skip them.
const p2 = new Producer({
  clientId: 'api-check-producer-2',
  bootstrapBrokers,
  idempotent: true,
  compression: 'lz4',
  serializers: { key: stringSerializer, value: jsonSerializer }
})
await p2.send({ messages: Array.from({ length: 5 }, (_, n) => ({ topic, key: `late-${n}`, value: { late: n } })) })
await p2.close()

consumer = newConsumer()
stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', maxWaitTime: 200 })
const resumed = []
for await (const message of stream) {
  resumed.push(message)
  if (resumed.length === 5) break
}
assert.deepEqual(resumed.map((m) => m.key).sort(), ['late-0', 'late-1', 'late-2', 'late-3', 'late-4'])
ok('restart with mode committed resumes exactly after the committed offsets')
await consumer.close()

// 3 more messages while no consumer runs: committed offsets now lag the end by 3.
const p3 = new Producer({ clientId: 'api-check-producer-3', bootstrapBrokers, idempotent: true })
await p3.send({
  messages: [0, 1, 2].map((n) => ({ topic, key: Buffer.from(`missed-${n}`), value: Buffer.from('{}') }))
})
await p3.close()

const latestConsumer = new Consumer({
  clientId: 'api-check-latest',
  groupId,
  bootstrapBrokers,
  autocommit: false,
  maxWaitTime: 200
})
stream = await latestConsumer.consume({ topics: [topic] }) // default mode: LATEST
let got = 0
stream.on('data', () => {
  got++
})
await new Promise((resolve) => setTimeout(resolve, 1500))
assert.equal(got, 0)
ok("default mode (LATEST) ignores the group's committed offsets: the 3 messages produced while it was down are skipped")
await stream.close()
await latestConsumer.close()

// ---- Admin: end offsets, cleanup --------------------------------------------------------
const listed = await admin.listOffsets({
  topics: [
    {
      name: topic,
      partitions: [0, 1, 2].map((partitionIndex) => ({ partitionIndex, timestamp: ListOffsetTimestamps.LATEST }))
    }
  ]
})
assert.equal(
  listed[0].partitions.reduce((s, p) => s + Number(p.offset), 0),
  users.length + 8
)
ok(
  'admin.listOffsets({ topics: [{ name, partitions: [{ partitionIndex, timestamp: ListOffsetTimestamps.LATEST }] }] })'
)
await admin.deleteTopics({ topics: [topic] })
await admin.close()
ok('admin.deleteTopics({ topics })')
