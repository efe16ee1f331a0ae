// `npm run bench`: figures, not pass/fail. Needs the local stack (started if not running, stopped afterwards).
//  1. ingest users/s: built-in randomuser server (its own process) -> Kafka
//  2. processor drain users/s of a >= 200,000-user backlog -> Cassandra, and its peak RSS (its own process)
//  3. raw Cassandra write limit: the same rows written straight with the same driver, best concurrency found
//  4. produce -> row latency p50/p95/p99 at 1,000 users/s offered
//  Each of 2 and 4 also for the spark engine (Structured Streaming on the local Spark Connect server): the same
//  backlog drained into a keyspace of its own, and the same offered load (latency from each row's WRITETIME).
// Prints a table and writes bench/results/pipeline-<time>.json. BENCH_USERS overrides the backlog size.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import cassandra from 'cassandra-driver'
import { loadConfig } from '../src/config/load.ts'
import type { Config } from '../src/config/schema.ts'
import { createUserProducer } from '../src/broker/kafka/producer.ts'
import { deleteTopics, ensureTopics, pipelineTopics } from '../src/broker/kafka/topics.ts'
import { runIngest } from '../src/ingest/ingest.ts'
import { createLogger } from '../src/observability/logger.ts'
import { type UserRecord, tableDdl } from '../src/record/user-record.ts'
import { connectCassandra } from '../src/sink/cassandra/client.ts'
import { dropKeyspace, keyspaceDdl } from '../src/sink/cassandra/ddl.ts'
import { latestRecords } from '../src/sink/cassandra/reader.ts'
import { insertStatement, toParams } from '../src/sink/cassandra/writer.ts'
import { servicesDown, servicesStatus, servicesUp } from '../src/stack/stack.ts'
import { namesAsFlags } from '../test/helpers.ts'

const USERS = Number(process.env.BENCH_USERS ?? 200_000)
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30)
const cli = new URL('../src/cli/main.ts', import.meta.url).pathname
const run = Date.now().toString(36)
const say = (line: string): void => void process.stderr.write(`bench: ${line}\n`)

function configFor(name: string, flags: Record<string, unknown> = {}): Config {
  return loadConfig({
    env: {},
    flags: {
      'log.level': 'warn',
      'kafka.topic': `bench_${name}_${run}`,
      'kafka.dlqTopic': `bench_${name}_${run}.dlq`,
      'kafka.groupId': `bench_${name}_${run}`,
      'cassandra.keyspace': `bench_${name}_${run}`,
      ...flags
    }
  })
}

/** Runs the CLI in its own process, sampling its peak RSS (VmHWM) from /proc. */
function runChild(args: string[]): {
  child: ChildProcess
  done: Promise<{ stdout: string; code: number | null; peakRssMb: number }>
} {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let stdout = ''
  let peak = 0
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const sampler = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
      if (match) peak = Math.max(peak, Number(match[1]) / 1024)
    } catch {
      // exited
    }
  }, 100)
  const done = new Promise<{ stdout: string; code: number | null; peakRssMb: number }>((resolve) =>
    child.on('close', (code) => {
      clearInterval(sampler)
      resolve({ stdout, code, peakRssMb: Math.round(peak) })
    })
  )
  return { child, done }
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'serve-randomuser', '--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', () => reject(new Error(`serve-randomuser exited: ${out}`)))
  })
  return { url, child }
}

async function rawWriteLimit(rows: UserRecord[]): Promise<{ best: number; byConcurrency: Record<number, number> }> {
  const config = configFor('raw')
  const client = await connectCassandra(config)
  const byConcurrency: Record<number, number> = {}
  try {
    await client.execute(keyspaceDdl(config.cassandra.keyspace, 1))
    await client.execute(tableDdl(config.cassandra.keyspace, config.cassandra.table))
    const query = insertStatement(config.cassandra.keyspace, config.cassandra.table)
    const params = rows.map(toParams)
    // Warm-up: prepare + JIT.
    await cassandra.concurrent.executeConcurrent(client, query, params.slice(0, 5000), { concurrencyLevel: 64 })
    for (const level of [32, 128, 512]) {
      const started = performance.now()
      await cassandra.concurrent.executeConcurrent(client, query, params, { concurrencyLevel: level })
      byConcurrency[level] = Math.round(params.length / ((performance.now() - started) / 1000))
      say(`raw Cassandra writes at concurrency ${level}: ${byConcurrency[level]} rows/s`)
    }
    await dropKeyspace(client, config.cassandra.keyspace)
  } finally {
    await client.shutdown()
  }
  return { best: Math.max(...Object.values(byConcurrency)), byConcurrency }
}

async function readBacklog(config: Config, limit: number): Promise<UserRecord[]> {
  const client = await connectCassandra(config)
  try {
    return await latestRecords(client, config, limit)
  } finally {
    await client.shutdown()
  }
}

const logger = createLogger({ log: { level: 'warn', pretty: false } })
const stackConfig = loadConfig({ env: { USER_STREAMER_LOG_LEVEL: 'warn' } })
const stack = { config: stackConfig, logger, with: ['spark'] }
const wasRunning = (await servicesStatus(stack)).every((s) => s.state === 'ready')
if (!wasRunning) await servicesUp({ ...stack, progress: say })

/** Produce -> row latency of every row of a table: WRITETIME (µs, set by Cassandra) minus ingested_at. */
async function rowLatencies(config: Config): Promise<{ p50: number; p95: number; p99: number; count: number }> {
  const client = await connectCassandra(config)
  try {
    const samples: number[] = []
    const query = `SELECT ingested_at, WRITETIME(first_name) AS written FROM ${config.cassandra.keyspace}.${config.cassandra.table}`
    const stream = client.stream(query, [], { prepare: true, fetchSize: 5000 }) as unknown as AsyncIterable<{
      get(name: string): unknown
    }>
    for await (const row of stream) {
      const written = Number(row.get('written')) / 1000
      samples.push(written - (row.get('ingested_at') as Date).getTime())
    }
    samples.sort((a, b) => a - b)
    const at = (q: number): number =>
      Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0)
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: samples.length }
  } finally {
    await client.shutdown()
  }
}

/** Offers 1,000 users/s for LATENCY_SECONDS to the config's topic, stamping ingested_at at publish. */
async function offerLoad(config: Config, rows: UserRecord[]): Promise<void> {
  const producer = createUserProducer(config, 'bench')
  const all = rows.slice(0, 1000 * LATENCY_SECONDS)
  say(`offering 1,000 users/s for ${LATENCY_SECONDS} s`)
  const t0 = performance.now()
  for (let tick = 0; tick < LATENCY_SECONDS * 10; tick++) {
    const slice = all.slice(tick * 100, tick * 100 + 100).map((r) => ({ ...r, ingested_at: new Date().toISOString() }))
    await producer.publish(slice)
    const next = t0 + (tick + 1) * 100
    await sleep(Math.max(0, next - performance.now()))
  }
  await producer.close()
}

const results: Record<string, unknown> = {
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version
  },
  users: USERS
}
const server = await startServer()
try {
  // 1. ingest
  const drain = configFor('drain', {
    'source.url': `${server.url}/api/`,
    'source.batchSize': '5000',
    'source.requestsPerSecond': '1000',
    'source.seed': `bench-${run}`
  })
  // Every figure is the best of two runs, as the raw limit is the best of three concurrencies: the machine is shared
  // by Kafka, Cassandra and the benchmark, and single runs vary by 10-20 %.
  say(`ingesting ${USERS} users from the built-in server into Kafka (twice: the second run into a scratch topic)`)
  const scratch = configFor('ingest2', {
    'source.url': drain.source.url,
    'source.batchSize': '5000',
    'source.requestsPerSecond': '1000'
  })
  const ingests = [
    await runIngest({ config: drain, logger, count: USERS }),
    await runIngest({ config: scratch, logger, count: USERS })
  ]
  await deleteTopics(scratch, [scratch.kafka.topic, scratch.kafka.dlqTopic])
  const ingestRates = ingests.map((i) => Math.round(i.produced / ((i.endedAt - i.startedAt) / 1000)))
  const ingestRate = Math.max(...ingestRates)
  results.ingest = { users: USERS, usersPerSecondRuns: ingestRates, usersPerSecond: ingestRate }
  say(`ingest: ${ingestRates.join(', ')} users/s`)

  // 2. processor drain, in its own process, twice (two consumer groups over the same backlog; the second upserts)
  say(`draining the backlog of ${USERS} users into Cassandra (twice)`)
  const drains: { written: number; busySeconds: number; usersPerSecond: number; peakRssMb: number }[] = []
  for (const group of [drain.kafka.groupId, `${drain.kafka.groupId}-2`]) {
    const outcome = await runChild(['process', '--drain', '--json', ...namesAsFlags(drain), '--kafka-group-id', group])
      .done
    const summary = JSON.parse(outcome.stdout) as { written: number; busySeconds: number }
    // Throughput over the busy span (first message to last row), without the group join and schema set-up.
    drains.push({
      ...summary,
      usersPerSecond: Math.round(summary.written / summary.busySeconds),
      peakRssMb: outcome.peakRssMb
    })
  }
  const drainRate = Math.max(...drains.map((d) => d.usersPerSecond))
  results.drain = { runs: drains, usersPerSecond: drainRate, peakRssMb: Math.max(...drains.map((d) => d.peakRssMb)) }
  say(
    `processor: ${drains.map((d) => d.usersPerSecond).join(', ')} users/s, peak RSS ${drains.map((d) => d.peakRssMb).join(', ')} MB`
  )

  // 2b. the spark engine drains the same backlog into a keyspace of its own (a fresh checkpoint: reads from earliest)
  const sparkDrain = configFor('spark', { 'kafka.topic': drain.kafka.topic, 'kafka.dlqTopic': drain.kafka.dlqTopic })
  say(`draining the same backlog with the spark engine (Spark Connect, local[2])`)
  const sparkOut = await runChild([
    'process',
    '--engine',
    'spark',
    '--drain',
    '--json',
    '--spark-poll-ms',
    '250',
    ...namesAsFlags(sparkDrain)
  ]).done
  const sparkSummary = JSON.parse(sparkOut.stdout) as {
    written: number
    seconds: number
    batches: number
    batchMs: { p50: number; p95: number; p99: number }
  }
  const sparkRate = Math.round(sparkSummary.written / sparkSummary.seconds)
  results.sparkDrain = { ...sparkSummary, usersPerSecond: sparkRate }
  say(`spark engine: ${sparkRate} users/s over ${sparkSummary.batches} micro-batches`)

  // 3. raw limit with the same rows
  const rows = await readBacklog(drain, USERS)
  const raw = await rawWriteLimit(rows)
  results.rawCassandra = raw
  results.processorVsRaw = Math.round((drainRate / raw.best) * 1000) / 1000

  // 4. latency at 1,000 users/s offered
  const live = configFor('latency')
  await ensureTopics(live, pipelineTopics(live))
  const consumer = runChild(['process', '--json', ...namesAsFlags(live)])
  await sleep(6000) // group join + schema
  await offerLoad(live, rows)
  await sleep(3000)
  consumer.child.kill('SIGTERM')
  const latencyOut = await consumer.done
  const latency = (
    JSON.parse(latencyOut.stdout) as { latencyMs: { p50: number; p95: number; p99: number; count: number } }
  ).latencyMs
  results.latency = { offeredPerSecond: 1000, seconds: LATENCY_SECONDS, ...latency, peakRssMb: latencyOut.peakRssMb }
  say(`latency p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms`)
  results.latencyNativeFromWritetime = await rowLatencies(live)

  // 4b. the same offered load through the spark engine (1 s trigger)
  const sparkLive = configFor('spark_latency')
  await ensureTopics(sparkLive, pipelineTopics(sparkLive))
  const sparkConsumer = runChild(['process', '--engine', 'spark', '--json', ...namesAsFlags(sparkLive)])
  await sleep(15_000) // query start: planning, Kafka and Cassandra connections
  await offerLoad(sparkLive, rows)
  await sleep(5000)
  sparkConsumer.child.kill('SIGTERM')
  const sparkLatencyOut = await sparkConsumer.done
  const sparkLatencySummary = JSON.parse(sparkLatencyOut.stdout) as {
    batchMs: { p50: number; p95: number; p99: number }
  }
  results.sparkLatency = { ...(await rowLatencies(sparkLive)), batchMs: sparkLatencySummary.batchMs }
  say(`spark latency ${JSON.stringify(results.sparkLatency)}`)

  for (const config of [drain, live, sparkDrain, sparkLive]) {
    await deleteTopics(config, [config.kafka.topic, config.kafka.dlqTopic]).catch(() => {})
    const client = await connectCassandra(config)
    await dropKeyspace(client, config.cassandra.keyspace).catch(() => {})
    await client.shutdown()
  }
} finally {
  server.child.kill('SIGTERM')
  if (!wasRunning) await servicesDown(stack)
}

const r = results as {
  ingest: { usersPerSecond: number }
  drain: { usersPerSecond: number; peakRssMb: number }
  rawCassandra: { best: number }
  processorVsRaw: number
  latency: { p50: number; p95: number; p99: number; peakRssMb: number }
  sparkDrain: { usersPerSecond: number; batchMs: { p50: number; p95: number; p99: number } }
  sparkLatency: { p50: number; p95: number; p99: number; batchMs: { p50: number; p95: number; p99: number } }
}
const table = [
  '| figure | value | target |',
  '|---|---|---|',
  `| ingest, built-in server → Kafka | ${r.ingest.usersPerSecond} users/s | ≥ 20,000 |`,
  `| processor drain, Kafka → Cassandra (${USERS} users) | ${r.drain.usersPerSecond} users/s | |`,
  `| raw Cassandra writes, same driver, best concurrency | ${r.rawCassandra.best} rows/s | |`,
  `| processor / raw | ${(r.processorVsRaw * 100).toFixed(0)} % | ≥ 80 % |`,
  `| produce → row latency at 1,000 users/s, p50 / p95 / p99 | ${r.latency.p50} / ${r.latency.p95} / ${r.latency.p99} ms | p99 ≤ 100 ms |`,
  `| processor peak RSS at 1,000 users/s | ${r.latency.peakRssMb} MB | ≤ 250 MB |`,
  `| processor peak RSS draining the backlog | ${r.drain.peakRssMb} MB | ≤ 250 MB |`,
  '',
  '| engine | drain (same backlog) | produce → row at 1,000 users/s, p50 / p95 / p99 | micro-batch duration p50 / p95 / p99 |',
  '|---|---|---|---|',
  `| native | ${r.drain.usersPerSecond} users/s | ${r.latency.p50} / ${r.latency.p95} / ${r.latency.p99} ms | (batches of ≤ 4,000, written as they arrive) |`,
  `| spark (3.5, local[2], 1 s trigger) | ${r.sparkDrain.usersPerSecond} users/s | ${r.sparkLatency.p50} / ${r.sparkLatency.p95} / ${r.sparkLatency.p99} ms | draining: ${r.sparkDrain.batchMs.p50} / ${r.sparkDrain.batchMs.p95} / ${r.sparkDrain.batchMs.p99} ms; at 1,000/s: ${r.sparkLatency.batchMs.p50} / ${r.sparkLatency.batchMs.p95} / ${r.sparkLatency.batchMs.p99} ms |`
].join('\n')
process.stdout.write(table + '\n')
mkdirSync(new URL('results/', import.meta.url), { recursive: true })
const file = new URL(`results/pipeline-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url)
writeFileSync(file, JSON.stringify(results, null, 2))
say(`wrote ${file.pathname}`)
