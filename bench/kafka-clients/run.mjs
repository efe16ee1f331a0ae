#!/usr/bin/env node
// Benchmark of three Node.js Kafka clients against a real Kafka broker.
//
//   node run.mjs [--clients platformatic,kafkajs,confluent] [--n 200000] [--reps 2]
//                [--brokers 127.0.0.1:29092] [--broker-version 4.3.1] [--broker-pid PID]
//                [--out results.json]
//
// Every measurement (one client, one repetition) runs in its own child process
// (child_process.fork) so that heap, JIT and native threads of one client never
// affect another. Repetitions are interleaved (A B C A B C) to spread drift.
//
// Each child: generates N ~1 KB JSON user records (seeded, before timing) ->
// creates a fresh 3-partition topic with the client's own admin API ->
// produces all N (acks=all, idempotent, compressed, batched) -> consumes all N
// from the beginning with a fresh consumer group, committing offsets manually ->
// checks the topic's end offsets sum to N -> deletes the topic.

import { fork, execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

// ---------------------------------------------------------------- options ---

function parseArgs(argv) {
  const opts = {
    clients: (process.env.BENCH_CLIENTS ?? 'platformatic,kafkajs,confluent,confluent-native').split(','),
    n: Number(process.env.BENCH_N ?? 200_000),
    reps: Number(process.env.BENCH_REPS ?? 2),
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(','),
    brokerVersion: process.env.BENCH_BROKER_VERSION ?? '4.3.1',
    brokerPid: process.env.BENCH_BROKER_PID ? Number(process.env.BENCH_BROKER_PID) : undefined,
    out: process.env.BENCH_OUT ?? join(here, 'results.json'),
    partitions: 3,
    child: undefined,
    rep: 0
  }
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]
    const v = () => argv[++i]
    switch (a) {
      case '--clients':
        opts.clients = v().split(',')
        break
      case '--n':
        opts.n = Number(v())
        break
      case '--reps':
        opts.reps = Number(v())
        break
      case '--brokers':
        opts.brokers = v().split(',')
        break
      case '--broker-version':
        opts.brokerVersion = v()
        break
      case '--broker-pid':
        opts.brokerPid = Number(v())
        break
      case '--out':
        opts.out = v()
        break
      case '--child':
        opts.child = v()
        break
      case '--rep':
        opts.rep = Number(v())
        break
      case '-h':
      case '--help':
        console.log(
          readFileSync(fileURLToPath(import.meta.url), 'utf8')
            .split('\n')
            .slice(1, 8)
            .join('\n')
        )
        process.exit(0)
        break
      default:
        throw new Error(`unknown argument ${a}`)
    }
  }
  return opts
}

// Per-client tuning: the idiomatic fastest way for each client (see README).
// BENCH_TUNING='{"platformatic":{"batchSize":5000}}' overrides single keys.
const TUNING = {
  platformatic: {
    compression: 'lz4',
    batchSize: 2000,
    concurrency: 2,
    maxBytes: 16 * 1048576,
    maxBytesPerPartition: 4 * 1048576
  },
  kafkajs: {
    compression: 'gzip',
    batchSize: 2000,
    concurrency: 1,
    maxBytes: 10 * 1048576,
    maxBytesPerPartition: 1048576
  },
  confluent: { compression: 'lz4', batchSize: 1000, concurrency: 64, consumerMaxBatchSize: 32 },
  // Same package, its callback-based node-rdkafka-style API (no promise per message).
  'confluent-native': { compression: 'lz4', consumeBatch: 1000 }
}
for (const [client, over] of Object.entries(JSON.parse(process.env.BENCH_TUNING ?? '{}')))
  Object.assign(TUNING[client], over)

// --------------------------------------------------------- data generator ---

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'Lucas',
  'Emma',
  'Noah',
  'Olivia',
  'Liam',
  'Sofia',
  'Mateo',
  'Ines',
  'Hugo',
  'Lea',
  'Aarav',
  'Mei',
  'Yuki',
  'Oskar',
  'Freya'
]
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Martin',
  'Bernard',
  'Dubois',
  'Muller',
  'Schmidt',
  'Rossi',
  'Russo',
  'Kumar',
  'Tanaka',
  'Nielsen',
  'Hansen',
  'Novak',
  'Silva',
  'Santos',
  'Moreau',
  'Laurent',
  'Fischer'
]
const STREETS = [
  'Main St',
  'Oak Avenue',
  'Rue de la Paix',
  'High Street',
  'Station Road',
  'Park Lane',
  'Elm Street',
  'Church Road',
  'Mill Lane',
  'Kingsway'
]
const CITIES = [
  ['Dublin', 'Leinster', 'Ireland'],
  ['Lyon', 'Rhone', 'France'],
  ['Hamburg', 'Hamburg', 'Germany'],
  ['Austin', 'Texas', 'United States'],
  ['Leeds', 'West Yorkshire', 'United Kingdom'],
  ['Porto', 'Porto', 'Portugal'],
  ['Osaka', 'Osaka', 'Japan'],
  ['Aarhus', 'Midtjylland', 'Denmark']
]
const WORDS =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum'.split(
    ' '
  )

function makeRecords(n, seed = 42, target = 1024) {
  const rnd = mulberry32(seed)
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)]
  const hex = (len) => {
    let s = ''
    for (let i = 0; i < len; i++) s += Math.floor(rnd() * 16).toString(16)
    return s
  }
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rnd() * 4)]}${hex(3)}-${hex(12)}`
  const date = (from, span) => new Date(from + Math.floor(rnd() * span)).toISOString()
  const keys = new Array(n)
  const values = new Array(n)
  let bytes = 0
  for (let i = 0; i < n; i++) {
    const id = uuid()
    const gender = rnd() < 0.5 ? 'male' : 'female'
    const first = pick(FIRST)
    const last = pick(LAST)
    const [city, state, country] = pick(CITIES)
    const username = `${first.toLowerCase()}${pick(['cat', 'fox', 'owl', 'bear', 'wolf', 'fish'])}${Math.floor(rnd() * 1000)}`
    const rec = {
      id,
      first_name: first,
      last_name: last,
      gender,
      address: `${Math.floor(rnd() * 9999) + 1} ${pick(STREETS)}, ${city}, ${state}, ${country}`,
      post_code: String(Math.floor(rnd() * 90000) + 10000),
      email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com`,
      username,
      dob: date(-631152000000, 1577836800000), // 1950..2000
      registered_date: date(1262304000000, 504576000000), // 2010..2026
      phone: `(${Math.floor(rnd() * 900) + 100})-${Math.floor(rnd() * 900) + 100}-${Math.floor(rnd() * 9000) + 1000}`,
      picture: `https://randomuser.me/api/portraits/${gender === 'male' ? 'men' : 'women'}/${Math.floor(rnd() * 100)}.jpg`,
      ingested_at: new Date(1767225600000 + i).toISOString(),
      about: ''
    }
    // Pad to ~1 KB with word soup (compresses like real text, unlike random bytes).
    const base = JSON.stringify(rec).length
    let about = ''
    while (base + about.length < target - 12) about += (about ? ' ' : '') + pick(WORDS)
    rec.about = about
    keys[i] = Buffer.from(id)
    values[i] = Buffer.from(JSON.stringify(rec))
    bytes += keys[i].length + values[i].length
  }
  return { keys, values, bytes }
}

// ---------------------------------------------------------------- helpers ---

const now = () => performance.now()
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function brokerCpuSeconds(pid) {
  if (!pid) return undefined
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(f[11]) + Number(f[12])) / 100 // utime + stime, in USER_HZ=100
  } catch {
    return undefined
  }
}

// Busy CPU seconds of the whole machine (all cores), from /proc/stat.
function machineBusySeconds() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0)
    return (total - f[3] - f[4]) / 100 // minus idle and iowait
  } catch {
    return undefined
  }
}

// Measures wall time and CPU of one phase: this process (incl. native threads),
// the broker (if its pid is known) and everything else on the machine, which
// shows contention from unrelated processes on a small machine.
function phaseMeter(brokerPid) {
  const c0 = process.cpuUsage()
  const b0 = brokerCpuSeconds(brokerPid)
  const m0 = machineBusySeconds()
  const t0 = now()
  return () => {
    const c = process.cpuUsage(c0)
    const b1 = brokerCpuSeconds(brokerPid)
    const m1 = machineBusySeconds()
    const r = {
      seconds: (now() - t0) / 1000,
      clientCpuSeconds: (c.user + c.system) / 1e6,
      brokerCpuSeconds: b0 !== undefined && b1 !== undefined ? b1 - b0 : undefined,
      machineBusyCpuSeconds: m0 !== undefined && m1 !== undefined ? m1 - m0 : undefined
    }
    if (r.machineBusyCpuSeconds !== undefined && r.brokerCpuSeconds !== undefined) {
      r.otherCpuSeconds = Math.max(0, r.machineBusyCpuSeconds - r.clientCpuSeconds - r.brokerCpuSeconds)
    }
    return r
  }
}

// Runs `total` batches with at most `concurrency` sends in flight.
async function runBatches(total, concurrency, sendBatch) {
  let next = 0
  const worker = async () => {
    while (next < total) {
      const i = next++
      await sendBatch(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker))
}

// Manual commit policy shared by all clients: keep the next offset per
// partition, and commit all partitions every COMMIT_EVERY messages (and at
// the end), without blocking the consume loop; pending commits are awaited
// before the consumer stops.
const COMMIT_EVERY = 5000
function commitTracker(commitFn) {
  const next = new Map() // partition -> next offset (bigint)
  const pending = new Set()
  let sinceLast = 0
  let commits = 0
  const flush = () => {
    if (next.size === 0) return
    const offsets = [...next].map(([partition, offset]) => ({ partition, offset }))
    next.clear()
    sinceLast = 0
    commits++
    const p = Promise.resolve(commitFn(offsets)).catch((err) => {
      console.error('commit failed', err)
    })
    pending.add(p)
    p.finally(() => pending.delete(p))
  }
  return {
    mark(partition, nextOffset, count) {
      const prev = next.get(partition)
      if (prev === undefined || nextOffset > prev) next.set(partition, nextOffset)
      sinceLast += count
      if (sinceLast >= COMMIT_EVERY) flush()
    },
    async finish() {
      flush()
      await Promise.all([...pending])
      return commits
    }
  }
}

// ---------------------------------------------------------------- clients ---

const clients = {
  async platformatic(ctx) {
    const { Admin, Producer, Consumer, ProduceAcks, ListOffsetTimestamps } = await import('@platformatic/kafka')
    const { topic, group, data, tuning, opts } = ctx
    const bootstrapBrokers = opts.brokers
    const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers })
    await admin.createTopics({ topics: [topic], partitions: opts.partitions, replicas: 1 })
    await ctx.waitForLeaders(async () => {
      const md = await admin.metadata({ topics: [topic], forceUpdate: true })
      const t = md.topics.get(topic)
      return t && t.partitions.length === opts.partitions && t.partitions.every((p) => p.leader >= 0)
    })

    const producer = new Producer({
      clientId: 'bench-producer',
      bootstrapBrokers,
      idempotent: true, // forces acks=ALL and maxInflights=1 per connection
      acks: ProduceAcks.ALL,
      compression: tuning.compression
    })
    // Init the producer id up-front so concurrent first sends don't race on it.
    await producer.initIdempotentProducer({})

    const { keys, values } = data
    const B = tuning.batchSize
    const batches = Math.ceil(keys.length / B)
    ctx.startProduce()
    await runBatches(batches, tuning.concurrency, async (b) => {
      const messages = []
      for (let i = b * B; i < Math.min((b + 1) * B, keys.length); i++) {
        messages.push({ topic, key: keys[i], value: values[i] })
      }
      await producer.send({ messages })
    })
    ctx.endProduce()
    await producer.close()

    const consumer = new Consumer({
      clientId: 'bench-consumer',
      groupId: group,
      bootstrapBrokers,
      autocommit: false,
      maxWaitTime: 500,
      maxBytes: tuning.maxBytes,
      maxBytesPerPartition: tuning.maxBytesPerPartition
    })
    ctx.startConsume()
    const stream = await consumer.consume({
      topics: [topic],
      mode: 'committed', // start from the group's committed offsets ...
      fallbackMode: 'earliest', // ... or from the beginning when there are none
      autocommit: false
    })
    const tracker = commitTracker((offsets) =>
      consumer.commit({
        offsets: offsets.map((o) => ({
          topic,
          partition: o.partition,
          offset: o.offset,
          leaderEpoch: ctx.epochs.get(o.partition) ?? -1
        }))
      })
    )
    let count = 0
    await new Promise((resolve, reject) => {
      stream.on('error', reject)
      stream.on('data', (message) => {
        if (count === 0) ctx.firstMessage()
        ctx.epochs.set(message.partition, message.leaderEpoch)
        tracker.mark(message.partition, message.offset + 1n, 1)
        if (++count >= ctx.n) resolve()
      })
    })
    ctx.endConsume(count)
    ctx.commits = await tracker.finish()
    await stream.close()
    await consumer.close()

    const listed = await admin.listOffsets({
      topics: [
        {
          name: topic,
          partitions: Array.from({ length: opts.partitions }, (_, p) => ({
            partitionIndex: p,
            timestamp: ListOffsetTimestamps.LATEST
          }))
        }
      ]
    })
    ctx.endOffsets = listed[0].partitions.reduce((s, p) => s + Number(p.offset), 0)
    await admin.deleteTopics({ topics: [topic] })
    await admin.close()
  },

  async kafkajs(ctx) {
    const { Kafka, CompressionTypes, logLevel, Partitioners } = require('kafkajs')
    const { topic, group, data, tuning, opts } = ctx
    const kafka = new Kafka({ clientId: 'bench', brokers: opts.brokers, logLevel: logLevel.ERROR })
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({
      topics: [{ topic, numPartitions: opts.partitions, replicationFactor: 1 }],
      waitForLeaders: true
    })

    // kafkajs implements only gzip itself; snappy/lz4/zstd need third-party codec packages.
    const compression = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP }[tuning.compression]
    if (compression === undefined) throw new Error(`kafkajs has no built-in ${tuning.compression} codec`)
    const producer = kafka.producer({
      idempotent: true, // kafkajs: requires acks=-1; idempotent requests are serialized per broker by a mutex,
      // so concurrency > 1 does not pipeline anything (measured: no gain)
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner // Java-compatible murmur2
    })
    await producer.connect()
    const { keys, values } = data
    const B = tuning.batchSize
    const batches = Math.ceil(keys.length / B)
    ctx.startProduce()
    await runBatches(batches, tuning.concurrency, async (b) => {
      const messages = []
      for (let i = b * B; i < Math.min((b + 1) * B, keys.length); i++) {
        messages.push({ key: keys[i], value: values[i] })
      }
      await producer.send({ topic, messages, acks: -1, compression })
    })
    ctx.endProduce()
    await producer.disconnect()

    const consumer = kafka.consumer({
      groupId: group,
      maxWaitTimeInMs: 500,
      maxBytes: tuning.maxBytes,
      maxBytesPerPartition: tuning.maxBytesPerPartition
    })
    ctx.startConsume()
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    const tracker = commitTracker((offsets) =>
      consumer.commitOffsets(offsets.map((o) => ({ topic, partition: o.partition, offset: o.offset.toString() })))
    )
    let count = 0
    await new Promise((resolve, reject) => {
      consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error))
      consumer
        .run({
          autoCommit: false,
          partitionsConsumedConcurrently: opts.partitions,
          eachBatch: async ({ batch }) => {
            if (batch.messages.length === 0) return
            if (count === 0) ctx.firstMessage()
            count += batch.messages.length
            tracker.mark(batch.partition, BigInt(batch.lastOffset()) + 1n, batch.messages.length)
            if (count >= ctx.n) resolve()
          }
        })
        .catch(reject)
    })
    ctx.endConsume(count)
    ctx.commits = await tracker.finish()
    await consumer.disconnect()

    const offs = await admin.fetchTopicOffsets(topic)
    ctx.endOffsets = offs.reduce((s, p) => s + Number(p.high), 0)
    await admin.deleteTopics({ topics: [topic] })
    await admin.disconnect()
  },

  async confluent(ctx) {
    const { KafkaJS } = require('@confluentinc/kafka-javascript')
    const { Kafka, CompressionTypes, logLevel } = KafkaJS
    const { topic, group, data, tuning, opts } = ctx
    const kafka = new Kafka({ kafkaJS: { clientId: 'bench', brokers: opts.brokers, logLevel: logLevel.ERROR } })
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: opts.partitions, replicationFactor: 1 }] })
    await ctx.waitForLeaders(async () => {
      const [t] = await admin.fetchTopicMetadata({ topics: [topic] })
      return t && t.partitions.length === opts.partitions && t.partitions.every((p) => p.leader >= 0)
    })

    const producer = kafka.producer({
      kafkaJS: { idempotent: true, acks: -1, compression: tuning.compression }, // CompressionTypes.LZ4 === 'lz4'
      ...RDKAFKA_PRODUCER // librdkafka properties: batching happens inside librdkafka
    })
    await producer.connect()
    const { keys, values } = data
    const B = tuning.batchSize
    const batches = Math.ceil(keys.length / B)
    ctx.startProduce()
    await runBatches(batches, tuning.concurrency, async (b) => {
      const messages = []
      for (let i = b * B; i < Math.min((b + 1) * B, keys.length); i++) {
        messages.push({ key: keys[i], value: values[i] })
      }
      await producer.send({ topic, messages })
    })
    ctx.endProduce()
    await producer.disconnect()

    const consumer = kafka.consumer({
      kafkaJS: { groupId: group, fromBeginning: true, autoCommit: false },
      'js.consumer.max.batch.size': tuning.consumerMaxBatchSize
    })
    ctx.startConsume()
    await consumer.connect()
    await consumer.subscribe({ topics: [topic] })
    const tracker = commitTracker((offsets) =>
      consumer.commitOffsets(offsets.map((o) => ({ topic, partition: o.partition, offset: o.offset.toString() })))
    )
    let count = 0
    await new Promise((resolve, reject) => {
      consumer
        .run({
          partitionsConsumedConcurrently: opts.partitions,
          eachBatch: async ({ batch }) => {
            if (batch.messages.length === 0) return
            if (count === 0) ctx.firstMessage()
            count += batch.messages.length
            tracker.mark(batch.partition, BigInt(batch.lastOffset()) + 1n, batch.messages.length)
            if (count >= ctx.n) resolve()
          }
        })
        .catch(reject)
    })
    ctx.endConsume(count)
    ctx.commits = await tracker.finish()
    await consumer.disconnect()

    const offs = await admin.fetchTopicOffsets(topic)
    ctx.endOffsets = offs.reduce((s, p) => s + Number(p.high), 0)
    await admin.deleteTopics({ topics: [topic] })
    await admin.disconnect()
  }
}

// librdkafka settings shared by both confluent variants' producers.
const RDKAFKA_PRODUCER = {
  'linger.ms': 5,
  'batch.num.messages': 10000,
  'batch.size': 1000000,
  'queue.buffering.max.messages': 500000,
  'queue.buffering.max.kbytes': 1048576
}

clients['confluent-native'] = async function (ctx) {
  const { Producer, KafkaConsumer, KafkaJS } = require('@confluentinc/kafka-javascript')
  const { topic, group, data, tuning, opts } = ctx
  const servers = opts.brokers.join(',')
  // Topic management through the KafkaJS-style admin of the same package.
  const admin = new KafkaJS.Kafka({ kafkaJS: { brokers: opts.brokers, logLevel: KafkaJS.logLevel.ERROR } }).admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: opts.partitions, replicationFactor: 1 }] })
  await ctx.waitForLeaders(async () => {
    const [t] = await admin.fetchTopicMetadata({ topics: [topic] })
    return t && t.partitions.length === opts.partitions && t.partitions.every((p) => p.leader >= 0)
  })

  const producer = new Producer({
    'bootstrap.servers': servers,
    'enable.idempotence': true,
    acks: 'all',
    'compression.codec': tuning.compression,
    dr_cb: true, // delivery report per message (no payload copy: dr_msg_cb is not set)
    ...RDKAFKA_PRODUCER
  })
  await new Promise((resolve, reject) => {
    producer.connect({}, (err) => (err ? reject(err) : resolve()))
    producer.once('ready', resolve)
  })
  producer.setPollInBackground(true) // delivery reports polled on a librdkafka thread
  const { keys, values } = data
  const n = keys.length
  let delivered = 0
  let failed = 0
  const done = new Promise((resolve) => {
    producer.on('delivery-report', (err) => {
      if (err) failed++
      if (++delivered === n) resolve()
    })
  })
  ctx.startProduce()
  for (let i = 0; i < n;) {
    try {
      producer.produce(topic, null, values[i], keys[i])
      i++
    } catch (err) {
      if (err.code !== -184) throw err // ERR__QUEUE_FULL: let librdkafka drain
      await sleep(1)
    }
  }
  await done
  ctx.endProduce()
  if (failed) throw new Error(`${failed} delivery failures`)
  await new Promise((resolve) => producer.disconnect(resolve))

  const consumer = new KafkaConsumer({
    'bootstrap.servers': servers,
    'group.id': group,
    'enable.auto.commit': false,
    'auto.offset.reset': 'earliest'
  })
  ctx.startConsume()
  await new Promise((resolve, reject) => {
    consumer.connect({}, (err) => err && reject(err))
    consumer.once('ready', resolve)
  })
  consumer.subscribe([topic])
  consumer.setDefaultConsumeTimeout(100)
  const tracker = commitTracker((offsets) => {
    consumer.commit(offsets.map((o) => ({ topic, partition: o.partition, offset: Number(o.offset) }))) // async, fire-and-forget
  })
  let count = 0
  await new Promise((resolve, reject) => {
    const loop = () =>
      consumer.consume(tuning.consumeBatch, (err, messages) => {
        if (err) {
          reject(err)
          return
        }
        if (messages.length && count === 0) ctx.firstMessage()
        for (const m of messages) tracker.mark(m.partition, BigInt(m.offset) + 1n, 1)
        count += messages.length
        if (count >= ctx.n) resolve()
        else setImmediate(loop)
      })
    loop()
  })
  ctx.endConsume(count)
  ctx.commits = await tracker.finish()
  try {
    consumer.commitSync(null)
  } catch (err) {
    if (err.code !== -168) throw err
  } // sync commit of consumed positions; -168 = ERR__NO_OFFSET
  await new Promise((resolve) => consumer.disconnect(resolve))

  const offs = await admin.fetchTopicOffsets(topic)
  ctx.endOffsets = offs.reduce((s, p) => s + Number(p.high), 0)
  await admin.deleteTopics({ topics: [topic] })
  await admin.disconnect()
}

// ------------------------------------------------------------ child mode ---

// A client name may carry a compression override: "kafkajs:none", "platformatic:gzip".
function splitName(name) {
  const [client, compression] = name.split(':')
  if (!clients[client]) throw new Error(`unknown client ${client}`)
  return { client, tuning: { ...TUNING[client], ...(compression ? { compression } : {}) } }
}

async function child(opts) {
  const name = opts.child
  const { client, tuning } = splitName(name)
  const data = makeRecords(opts.n)
  const loadavgStart = os.loadavg()[0]
  const stamp = `${Date.now()}-${process.pid}`
  const res = {
    client: name,
    rep: opts.rep,
    n: opts.n,
    bytes: data.bytes,
    avgRecordBytes: data.bytes / opts.n,
    tuning,
    topic: `bench-${client}-${tuning.compression}-${stamp}`,
    group: `bench-${client}-${tuning.compression}-${stamp}-group`,
    loadavgStart
  }
  process.send({ type: 'topic', topic: res.topic })
  let produceMeter, consumeMeter, consumeStartedAt
  const ctx = {
    opts,
    n: opts.n,
    topic: res.topic,
    group: res.group,
    data,
    tuning,
    epochs: new Map(),
    async waitForLeaders(check) {
      for (let i = 0; i < 100; i++) {
        if (await check().catch(() => false)) return
        await sleep(100)
      }
      throw new Error('topic leaders not available')
    },
    startProduce() {
      produceMeter = phaseMeter(opts.brokerPid)
    },
    endProduce() {
      res.produce = produceMeter()
    },
    startConsume() {
      consumeMeter = phaseMeter(opts.brokerPid)
      consumeStartedAt = now()
    },
    firstMessage() {
      res.consumeFirstMessageSeconds = (now() - consumeStartedAt) / 1000
      res._firstAt = now()
    },
    endConsume(count) {
      res.consume = consumeMeter()
      res.consume.count = count
      res.consume.steadySeconds = (now() - res._firstAt) / 1000
      delete res._firstAt
    }
  }
  await clients[client](ctx)
  res.commits = ctx.commits
  res.endOffsetsSum = ctx.endOffsets
  res.produce.msgPerSec = opts.n / res.produce.seconds
  res.produce.mbPerSec = data.bytes / 1e6 / res.produce.seconds
  res.consume.msgPerSec = opts.n / res.consume.seconds
  res.consume.steadyMsgPerSec = opts.n / res.consume.steadySeconds
  res.consume.mbPerSec = data.bytes / 1e6 / res.consume.seconds
  res.maxRssMB = process.resourceUsage().maxRSS / 1024
  res.ok = res.consume.count === opts.n && res.endOffsetsSum === opts.n
  return res
}

// ----------------------------------------------------------- parent mode ---

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version
  } catch {
    return null
  }
}

function machineInfo(opts) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : ''
  let nproc
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim())
  } catch {
    nproc = os.availableParallelism()
  }
  return {
    nproc,
    cpuModel: (cpuinfo.match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    brokerVersion: opts.brokerVersion,
    brokers: opts.brokers,
    clientVersions: {
      '@platformatic/kafka': pkgVersion('@platformatic/kafka'),
      kafkajs: pkgVersion('kafkajs'),
      '@confluentinc/kafka-javascript': pkgVersion('@confluentinc/kafka-javascript'),
      librdkafka: (() => {
        try {
          return require('@confluentinc/kafka-javascript').librdkafkaVersion
        } catch {
          return null
        }
      })()
    }
  }
}

function runChild(client, rep, opts) {
  return new Promise((resolve) => {
    const args = ['--child', client, '--rep', String(rep), '--n', String(opts.n), '--brokers', opts.brokers.join(',')]
    if (opts.brokerPid) args.push('--broker-pid', String(opts.brokerPid))
    const cp = fork(fileURLToPath(import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    let result
    let topic
    const timer = setTimeout(() => {
      console.error(`[${client}#${rep}] timeout, killing`)
      cp.kill('SIGKILL')
    }, 10 * 60_000)
    cp.on('message', (m) => {
      if (m.type === 'topic') topic = m.topic
      else result = m
    })
    cp.on('exit', (code) => {
      clearTimeout(timer)
      resolve({
        topic,
        ...(result ?? { client, rep, ok: false, error: `child exited with code ${code} without a result` })
      })
    })
  })
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
const fmt = (x, d = 0) =>
  x === undefined || Number.isNaN(x)
    ? '-'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })

function summarize(runs, opts) {
  const out = {}
  for (const client of opts.clients) {
    const ok = runs.filter((r) => r.client === client && r.ok)
    const failed = runs.filter((r) => r.client === client && !r.ok)
    if (!ok.length) {
      out[client] = { runs: 0, failed: failed.length, errors: failed.map((f) => f.error) }
      continue
    }
    const stat = (get) => ({ best: Math.max(...ok.map(get)), mean: mean(ok.map(get)) })
    const low = (get) => ({ best: Math.min(...ok.map(get)), mean: mean(ok.map(get)) })
    out[client] = {
      runs: ok.length,
      failed: failed.length,
      compression: ok[0].tuning.compression,
      produceMsgPerSec: stat((r) => r.produce.msgPerSec),
      produceMBPerSec: stat((r) => r.produce.mbPerSec),
      consumeMsgPerSec: stat((r) => r.consume.msgPerSec),
      consumeSteadyMsgPerSec: stat((r) => r.consume.steadyMsgPerSec),
      consumeMBPerSec: stat((r) => r.consume.mbPerSec),
      consumeFirstMessageSeconds: low((r) => r.consumeFirstMessageSeconds),
      produceClientCpuSeconds: low((r) => r.produce.clientCpuSeconds),
      produceOtherCpuSeconds: low((r) => r.produce.otherCpuSeconds ?? NaN),
      consumeClientCpuSeconds: low((r) => r.consume.clientCpuSeconds),
      consumeOtherCpuSeconds: low((r) => r.consume.otherCpuSeconds ?? NaN),
      maxRssMB: low((r) => r.maxRssMB)
    }
  }
  return out
}

function table(summary) {
  const head =
    '| client | compression | produce msg/s best (mean) | produce MB/s best (mean) | consume msg/s best (mean) | consume msg/s excl. join best (mean) | time to 1st msg s | client CPU s produce / consume | other procs CPU s produce / consume | max RSS MB |'
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|'
  const rows = Object.entries(summary).map(([c, s]) =>
    s.runs === 0
      ? `| ${c} | - | FAILED (${s.failed} runs) | | | | | | | |`
      : `| ${c} | ${s.compression} | ${fmt(s.produceMsgPerSec.best)} (${fmt(s.produceMsgPerSec.mean)}) | ${fmt(s.produceMBPerSec.best, 1)} (${fmt(s.produceMBPerSec.mean, 1)}) | ${fmt(s.consumeMsgPerSec.best)} (${fmt(s.consumeMsgPerSec.mean)}) | ${fmt(s.consumeSteadyMsgPerSec.best)} (${fmt(s.consumeSteadyMsgPerSec.mean)}) | ${fmt(s.consumeFirstMessageSeconds.mean, 2)} | ${fmt(s.produceClientCpuSeconds.mean, 1)} / ${fmt(s.consumeClientCpuSeconds.mean, 1)} | ${fmt(s.produceOtherCpuSeconds.mean, 1)} / ${fmt(s.consumeOtherCpuSeconds.mean, 1)} | ${fmt(s.maxRssMB.mean)} |`
  )
  return [head, sep, ...rows].join('\n')
}

// A client that refreshes metadata right after its admin deleted the topic makes a broker
// with auto.create.topics.enable=true (the default) re-create it with 1 partition; this was
// seen with the librdkafka clients. Delete such leftovers at the end.
async function sweepTopics(runs, opts) {
  const names = new Set(runs.map((r) => r.topic).filter(Boolean))
  if (names.size === 0) return
  const { Admin } = await import('@platformatic/kafka')
  const admin = new Admin({ clientId: 'bench-sweeper', bootstrapBrokers: opts.brokers })
  try {
    const leftovers = (await admin.listTopics()).filter((t) => names.has(t))
    if (leftovers.length) {
      console.error(
        `deleting ${leftovers.length} leftover topic(s) (failed run or auto-re-created): ${leftovers.join(', ')}`
      )
      await admin.deleteTopics({ topics: leftovers })
    }
  } finally {
    await admin.close()
  }
}

async function parent(opts) {
  const machine = machineInfo(opts)
  console.error(`machine: ${JSON.stringify(machine)}`)
  console.error(`N=${opts.n} reps=${opts.reps} clients=${opts.clients.join(',')}`)
  const runs = []
  for (let rep = 1; rep <= opts.reps; rep++) {
    for (const client of opts.clients) {
      const r = await runChild(client, rep, opts)
      runs.push(r)
      if (r.ok) {
        console.error(
          `[${client}#${rep}] produce ${fmt(r.produce.msgPerSec)} msg/s ${fmt(r.produce.mbPerSec, 1)} MB/s (${fmt(r.produce.seconds, 2)} s) | consume ${fmt(r.consume.msgPerSec)} msg/s (${fmt(r.consume.seconds, 2)} s, first msg after ${fmt(r.consumeFirstMessageSeconds, 2)} s) | rss ${fmt(r.maxRssMB)} MB`
        )
      } else {
        console.error(
          `[${client}#${rep}] FAILED: ${r.error ?? JSON.stringify({ count: r.consume?.count, endOffsetsSum: r.endOffsetsSum })}`
        )
      }
    }
  }
  await sweepTopics(runs, opts)
  const summary = summarize(runs, opts)
  const md = table(summary)
  console.log(md)
  writeFileSync(
    opts.out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        config: { n: opts.n, reps: opts.reps, partitions: opts.partitions, tuning: TUNING, commitEvery: COMMIT_EVERY },
        summary,
        runs,
        table: md
      },
      null,
      2
    ) + '\n'
  )
  console.error(`wrote ${opts.out}`)
  if (runs.some((r) => !r.ok)) process.exitCode = 1
}

// ------------------------------------------------------------------ main ---

const opts = parseArgs(process.argv)
if (opts.child) {
  child(opts)
    .then((res) => {
      process.send(res, () => process.exit(0))
    })
    .catch((err) => {
      console.error(`[${opts.child}#${opts.rep}]`, err)
      process.send({ client: opts.child, rep: opts.rep, ok: false, error: String(err?.stack ?? err) }, () =>
        process.exit(1)
      )
    })
} else {
  await parent(opts)
}
