// The spark engine on real Spark 3.5 (Spark Connect server from `services up --with spark`), real Kafka and real
// Cassandra: N users -> exactly N rows, a stop in the middle of a backlog resumes from the checkpoint, malformed
// messages are counted and not written, and the rows equal the native engine's column by column.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { after, before, test } from 'node:test'
import { Producer } from '@platformatic/kafka'
import protobuf from 'protobufjs'
import type { Config } from '../../src/config/schema.ts'
import { createUserProducer } from '../../src/broker/kafka/producer.ts'
import { ensureTopics, pipelineTopics } from '../../src/broker/kafka/topics.ts'
import { createLogger } from '../../src/observability/logger.ts'
import { runProcessor } from '../../src/processor/engine.ts'
import { PROTO_FILE } from '../../src/processor/spark/connect.ts'
import { columnNames } from '../../src/record/user-record.ts'
import { type CassandraClient, connectCassandra } from '../../src/sink/cassandra/client.ts'
import { countRows } from '../../src/sink/cassandra/reader.ts'
import { findJava } from '../../src/stack/java.ts'
import { stackDir } from '../../src/stack/paths.ts'
import { sparkService } from '../../src/stack/spark.ts'
import { servicesStatus } from '../../src/stack/stack.ts'
import {
  cliPath,
  dropPipeline,
  namesAsFlags,
  repoRoot,
  runCli,
  syntheticRecord,
  testConfig,
  waitFor
} from '../helpers.ts'

const logger = createLogger({ log: { level: 'error', pretty: false } })
const configs: Config[] = []
let cassandra: CassandraClient

/** What a broken producer could put on the topic: each must be counted and left out, never fail the query. */
const malformed: (Buffer | null)[] = [
  Buffer.from('not json at all'),
  Buffer.from(JSON.stringify({ ...syntheticRecord(1), id: 'not-a-uuid' })),
  Buffer.from(JSON.stringify({ first_name: 'no id', last_name: 'x' })),
  Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x7d]), // invalid UTF-8
  null, // a tombstone
  Buffer.from('[1, 2, 3]')
]

function sparkConfig(flags: Record<string, unknown> = {}): Config {
  const config = testConfig({ 'spark.pollMs': 250, ...flags })
  configs.push(config)
  return config
}

before(async () => {
  const statuses = await servicesStatus({ config: testConfig(), logger, with: ['spark'] })
  const spark = statuses.find((s) => s.name === 'spark')
  assert.equal(
    spark?.state,
    'ready',
    `Spark Connect must run: user-streamer services up --with spark (${spark?.detail})`
  )
  cassandra = await connectCassandra(testConfig())
})

after(async () => {
  await cassandra?.shutdown()
  for (const config of configs) {
    await dropPipeline(config)
    rmSync(join(stackDir(config.stack.dir), 'spark', 'checkpoints'), { recursive: true, force: true })
  }
})

/** Puts `count` valid users and then the malformed messages (as raw bytes) on the config's topic. */
async function produceBacklog(config: Config, count: number): Promise<void> {
  await ensureTopics(config, pipelineTopics(config))
  const producer = createUserProducer(config)
  const raw = new Producer({ clientId: 'spark-test-raw', bootstrapBrokers: [...config.kafka.brokers] })
  try {
    const records = Array.from({ length: count }, (_, i) => syntheticRecord(i))
    for (let i = 0; i < records.length; i += 1000) await producer.publish(records.slice(i, i + 1000))
    await raw.send({
      messages: malformed.map((value, i) => ({
        topic: config.kafka.topic,
        key: Buffer.from(`bad-${i}`),
        value: value as Buffer
      }))
    })
  } finally {
    await producer.close()
    await raw.close()
  }
}

interface EngineRun {
  code: number | null
  summary: { consumed: number; written: number; rejected: number; batches: number }
  stderr: string
}

/** `user-streamer process --engine spark --json` as a child process; `stopWhen` decides when to send SIGTERM. */
function runSparkEngine(config: Config, args: string[], stopWhen?: () => Promise<boolean>): Promise<EngineRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cliPath, 'process', '--engine', 'spark', '--json', '--spark-poll-ms', '250', ...namesAsFlags(config), ...args],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const killer = setTimeout(() => child.kill('SIGKILL'), 240_000)
    let stopped = false
    const watch = setInterval(() => {
      if (stopped || !stopWhen) return
      void stopWhen().then((yes) => {
        if (yes && !stopped) {
          stopped = true
          child.kill('SIGTERM')
        }
      })
    }, 200)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(killer)
      clearInterval(watch)
      try {
        resolve({ code, summary: JSON.parse(stdout) as EngineRun['summary'], stderr })
      } catch {
        reject(new Error(`process --engine spark exited ${code} without a JSON summary:\n${stderr.slice(-2000)}`))
      }
    })
  })
}

async function rowsById(config: Config): Promise<Map<string, Record<string, unknown>>> {
  const rows = new Map<string, Record<string, unknown>>()
  const query = `SELECT ${columnNames.join(', ')} FROM ${config.cassandra.keyspace}.${config.cassandra.table}`
  // The driver's result stream is a Readable (async-iterable), typed as a plain EventEmitter.
  const stream = cassandra.stream(query, [], { prepare: true, fetchSize: 2000 }) as unknown as AsyncIterable<{
    get(name: string): unknown
  }>
  for await (const row of stream) {
    const values = Object.fromEntries(columnNames.map((name) => [name, String(row.get(name))]))
    rows.set(String(row.get('id')), values)
  }
  return rows
}

test('the hand-written proto subset matches the official Spark Connect protos, field by field', () => {
  const lib = join(stackDir(testConfig().stack.dir), 'lib', `spark-${sparkService.version}`)
  const jar = readdirSync(lib).find((file) => /^spark-connect_2\.12-.*\.jar$/.test(file))
  assert.ok(jar, `spark-connect jar in ${lib}`)
  const dir = mkdtempSync(join(tmpdir(), 'spark-protos-'))
  try {
    const jarTool = join(findJava(process.env).bin, '..', 'jar')
    execFileSync(jarTool, ['xf', join(lib, jar), 'spark/connect'], { cwd: dir })
    const official = new protobuf.Root()
    official.resolvePath = (_origin, target) =>
      isAbsolute(target) || target.startsWith('google/') ? target : join(dir, target)
    official.loadSync(join(dir, 'spark/connect/base.proto'), { keepCase: true }).resolveAll()
    const ours = new protobuf.Root().loadSync(PROTO_FILE, { keepCase: true }).resolveAll()
    let checked = 0
    const walk = (namespace: protobuf.NamespaceBase): void => {
      for (const nested of namespace.nestedArray) {
        if (nested instanceof protobuf.Type) {
          const theirs = official.lookupType(nested.fullName)
          for (const field of nested.fieldsArray) {
            const match = theirs.fields[field.name]
            assert.ok(match, `${nested.fullName}.${field.name} exists upstream`)
            assert.equal(match.id, field.id, `${nested.fullName}.${field.name} number`)
            assert.equal(match.repeated, field.repeated, `${nested.fullName}.${field.name} repeated`)
            const type = (f: protobuf.Field): string => f.resolvedType?.fullName ?? f.type
            assert.equal(type(match), type(field), `${nested.fullName}.${field.name} type`)
            checked++
          }
        }
        if (nested instanceof protobuf.Namespace) walk(nested)
      }
    }
    walk(ours)
    const service = ours.lookupService('spark.connect.SparkConnectService')
    const upstream = official.lookupService('spark.connect.SparkConnectService')
    for (const method of service.methodsArray) {
      assert.equal(upstream.methods[method.name]?.requestType, method.requestType, `${method.name} request`)
    }
    assert.ok(checked > 60, `checked ${checked} fields`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test(
  'N users -> exactly N rows through Spark; a stop mid-backlog resumes from the checkpoint; malformed counted, not written; rows equal the native engine',
  { timeout: 600_000 },
  async () => {
    const count = 3000
    // Small micro-batches make a real backlog: the first run is stopped after a few of them.
    const config = sparkConfig({ 'spark.maxOffsetsPerTrigger': 300 })
    await produceBacklog(config, count)
    const total = count + malformed.length

    const first = await runSparkEngine(
      config,
      ['--spark-max-offsets-per-trigger', '300', '--trigger', '200 milliseconds'],
      async () => {
        const rows = await countRows(cassandra, config).catch(() => 0)
        return rows >= 600
      }
    )
    assert.equal(first.code, 0, `SIGTERM stops the query gracefully:\n${first.stderr.slice(-1500)}`)
    const afterStop = await countRows(cassandra, config)
    assert.ok(
      afterStop > 0 && afterStop < count,
      `stopped in the middle of the backlog (${afterStop} of ${count} rows)`
    )

    const second = await runSparkEngine(config, ['--drain'])
    assert.equal(second.code, 0, second.stderr.slice(-1500))
    assert.ok(
      second.summary.consumed < total,
      `resumed from the checkpoint: read ${second.summary.consumed} of ${total}`
    )
    // Every message was read by exactly one completed micro-batch across the two runs.
    assert.equal(first.summary.consumed + second.summary.consumed, total)
    assert.equal(first.summary.rejected + second.summary.rejected, malformed.length, 'every malformed message counted')
    assert.equal(first.summary.written + second.summary.written, count)

    const spark = await rowsById(config)
    assert.equal(spark.size, count, 'exactly N rows')
    assert.ok(![...spark.values()].some((row) => row.first_name === 'no id'), 'malformed rows are not written')

    // The native engine on the same messages, into a keyspace of its own.
    const native = sparkConfig({
      'kafka.topic': config.kafka.topic,
      'kafka.dlqTopic': `${config.kafka.dlqTopic}.native`
    })
    const stats = await runProcessor({ config: native, logger, drain: true })
    assert.equal(stats.written, count)
    assert.equal(stats.deadLettered, malformed.length)
    const nativeRows = await rowsById(native)
    assert.equal(nativeRows.size, count)
    for (const [id, row] of spark) assert.deepEqual(row, nativeRows.get(id), `row ${id} equal in every column`)
  }
)

test('no Spark server: one clear coded line and exit code 1', { timeout: 60_000 }, async () => {
  const config = sparkConfig()
  const result = await runCli([
    'process',
    '--engine',
    'spark',
    ...namesAsFlags(config),
    '--spark-remote',
    'sc://127.0.0.1:1'
  ])
  assert.equal(result.code, 1)
  assert.match(
    result.stderr,
    /^user-streamer: US_ERR_SPARK_UNREACHABLE: Spark Connect server at sc:\/\/127\.0\.0\.1:1 did not answer .* — start one with `user-streamer services up --with spark`/m
  )
})

test("a query that fails at run time surfaces Spark's error as one coded line", { timeout: 180_000 }, async () => {
  const config = sparkConfig()
  await produceBacklog(config, 100)
  const child = runSparkEngine(config, [])
  await waitFor('the first rows', async () => (await countRows(cassandra, config).catch(() => 0)) >= 100, 120_000)
  // The table disappears under the running query; the next micro-batch cannot be written.
  await cassandra.execute(`DROP TABLE ${config.cassandra.keyspace}.${config.cassandra.table}`)
  const producer = createUserProducer(config)
  await producer.publish([syntheticRecord(100_001)])
  await producer.close()
  const failure = await child.catch((error: Error) => error)
  assert.ok(failure instanceof Error, 'the engine exits without a summary')
  assert.match(failure.message, /exited 1/)
  assert.match(failure.message, /US_ERR_SPARK_QUERY: the streaming query stopped with an error: /)
})
