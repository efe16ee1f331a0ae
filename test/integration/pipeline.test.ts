// The product end to end on the real stack: built-in randomuser server -> ingest -> Kafka -> native processor
// -> Cassandra -> verify. Each test has its own topic, DLQ, group and keyspace.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { after, before, test } from 'node:test'
import { Consumer } from '@platformatic/kafka'
import type { Config } from '../../src/config/schema.ts'
import { createUserProducer } from '../../src/broker/kafka/producer.ts'
import { ensureTopics, pipelineTopics } from '../../src/broker/kafka/topics.ts'
import { runIngest } from '../../src/ingest/ingest.ts'
import { createLogger } from '../../src/observability/logger.ts'
import { runProcessor } from '../../src/processor/engine.ts'
import { connectCassandra } from '../../src/sink/cassandra/client.ts'
import { countRows } from '../../src/sink/cassandra/reader.ts'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { verify } from '../../src/verify/verify.ts'
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

let server: Awaited<ReturnType<typeof startRandomuserServer>>
const configs: Config[] = []

before(async () => {
  server = await startRandomuserServer({ port: 0 })
})

after(async () => {
  await server.close()
  for (const config of configs) await dropPipeline(config)
})

function pipelineConfig(flags: Record<string, unknown> = {}): Config {
  const config = testConfig({ 'source.url': `${server.url}/api/`, 'source.requestsPerSecond': '1000', ...flags })
  configs.push(config)
  return config
}

function cliArgs(config: Config): string[] {
  return [...namesAsFlags(config), '--source-requests-per-second', '1000']
}

const logger = createLogger({ log: { level: 'warn', pretty: false } })

test('N users from the built-in server become exactly N rows, and verify is clean', { timeout: 180_000 }, async () => {
  const config = pipelineConfig({ 'source.seed': 'n-users' })
  const stats = await runIngest({ config, logger, count: 5000 })
  assert.equal(stats.state, 'success')
  assert.equal(stats.produced, 5000)
  assert.equal(stats.rejected, 0)
  const processed = await runProcessor({ config, logger, drain: true })
  assert.equal(processed.written, 5000)
  const report = await verify(config)
  assert.equal(report.ok, true, JSON.stringify(report))
  assert.equal(report.rows, 5000)
  assert.equal(report.distinctIds, 5000)
  assert.equal(report.missing, 0)
  assert.equal(report.extraRows, 0)

  const users = await runCli(['users', '--limit', '3', '--json', ...cliArgs(config)])
  assert.equal(users.code, 0, users.stderr)
  const rows = JSON.parse(users.stdout) as Record<string, string>[]
  assert.equal(rows.length, 3)
  assert.deepEqual(Object.keys(rows[0] ?? {}).slice(0, 12), [
    'id',
    'first_name',
    'last_name',
    'gender',
    'address',
    'post_code',
    'email',
    'username',
    'dob',
    'registered_date',
    'phone',
    'picture'
  ])
  assert.doesNotMatch(users.stdout, /password|salt|sha256|md5/)
})

test('a malformed message goes to the DLQ with its reason while the stream goes on', { timeout: 120_000 }, async () => {
  const config = pipelineConfig()
  await ensureTopics(config, pipelineTopics(config))
  const producer = createUserProducer(config, 'test')
  const good = Array.from({ length: 300 }, (_, i) => syntheticRecord(i))
  await producer.publish(good.slice(0, 150))
  await producer.publishRaw(config.kafka.topic, [
    { key: 'bad-1', value: 'this is not json' },
    { key: 'bad-2', value: JSON.stringify({ ...syntheticRecord(999), id: 'nope' }) }
  ])
  await producer.publish(good.slice(150))
  await producer.close()

  const processed = await runProcessor({ config, logger, drain: true })
  assert.equal(processed.written, 300)
  assert.equal(processed.deadLettered, 2)

  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    clientId: 'dlq-reader',
    groupId: `dlq-${config.kafka.groupId}`,
    bootstrapBrokers: [...config.kafka.brokers]
  })
  const stream = await consumer.consume({ topics: [config.kafka.dlqTopic], mode: 'earliest', autocommit: false })
  const dead: { key: string; reason: string; kind: string; offset: string }[] = []
  for await (const message of stream) {
    const header = (name: string): string => {
      for (const [key, value] of message.headers) if (key.toString() === name) return value.toString()
      return ''
    }
    dead.push({
      key: message.key.toString(),
      reason: header('x-error-reason'),
      kind: header('x-error-kind'),
      offset: header('x-source-offset')
    })
    if (dead.length === 2) break
  }
  await stream.close()
  await consumer.close(true)
  dead.sort((a, b) => a.key.localeCompare(b.key))
  assert.equal(dead[0]?.kind, 'not-json')
  assert.match(dead[0]?.reason ?? '', /not JSON/)
  assert.equal(dead[1]?.kind, 'wrong-shape')
  assert.match(dead[1]?.reason ?? '', /^id: expected a uuid/)
  assert.match(dead[0]?.offset ?? '', /^\d+$/)

  const report = await verify(config)
  assert.equal(report.ok, true, JSON.stringify(report))
  assert.equal(report.rows, 300)
  assert.equal(report.invalidMessages, 2)
  assert.equal(report.deadLettered, 2)
})

test(
  'kill -9 of the processor in the middle of a backlog, then a restart: still exactly N rows',
  { timeout: 300_000 },
  async () => {
    const config = pipelineConfig({ 'source.seed': 'kill-nine', 'source.batchSize': '5000' })
    const N = 40_000
    const ingested = await runIngest({ config, logger, count: N })
    assert.equal(ingested.produced, N)

    const child = spawn(process.execPath, [cliPath, 'process', ...cliArgs(config)], { cwd: repoRoot, stdio: 'ignore' })
    const client = await connectCassandra(config)
    try {
      const partial = await waitFor(
        'some rows written',
        async () => {
          const rows = await countRows(client, config).catch(() => 0)
          return rows > 2000 ? rows : undefined
        },
        120_000,
        100
      )
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
      assert.ok(partial < N, `killed in the middle (${partial} of ${N} rows written)`)
    } finally {
      await client.shutdown()
    }
    const restarted = await runCli(['process', '--drain', ...cliArgs(config)], { timeoutMs: 240_000 })
    assert.equal(restarted.code, 0, restarted.stderr)
    const report = await verify(config)
    assert.equal(report.ok, true, JSON.stringify(report))
    assert.equal(report.rows, N)
    assert.equal(report.missing, 0)
    assert.equal(report.extraRows, 0)
  }
)

test('the same seed and page ingested twice adds no rows', { timeout: 120_000 }, async () => {
  const config = pipelineConfig({ 'source.seed': 'twice' })
  await runIngest({ config, logger, count: 1000 })
  await runIngest({ config, logger, count: 1000 })
  await runProcessor({ config, logger, drain: true })
  const report = await verify(config)
  assert.equal(report.messages, 2000)
  assert.equal(report.distinctIds, 1000)
  assert.equal(report.duplicateMessages, 1000)
  assert.equal(report.rows, 1000)
  assert.equal(report.ok, true, JSON.stringify(report))
})

test(
  'an upstream answering 500, 429, slowly and with truncated JSON is retried and the run ends ok',
  { timeout: 120_000 },
  async () => {
    const faults = new Map([
      [1, { kind: 'status' as const, status: 500 }],
      [2, { kind: 'status' as const, status: 429, retryAfterSeconds: 1 }],
      [3, { kind: 'hang' as const, ms: 3000 }],
      [4, { kind: 'truncate' as const }],
      [5, { kind: 'html' as const }]
    ])
    const faulty = await startRandomuserServer({ port: 0, faults: (n) => faults.get(n) })
    try {
      const config = pipelineConfig({
        'source.url': `${faulty.url}/api/`,
        'source.timeoutMs': '1000',
        'source.backoffMs': '50',
        'source.retries': '8',
        'source.seed': 'faulty'
      })
      const events: string[] = []
      const stats = await runIngest({
        config,
        logger,
        count: 500,
        onSourceEvent: (e) => events.push(e.type === 'retry' ? `retry:${e.reason}` : e.type)
      })
      assert.equal(stats.state, 'success')
      assert.equal(stats.produced, 500)
      assert.equal(events.filter((e) => e.startsWith('retry')).length, 5, events.join(', '))
      await runProcessor({ config, logger, drain: true })
      const report = await verify(config)
      assert.equal(report.rows, 500)
      assert.equal(report.ok, true)
    } finally {
      await faulty.close()
    }
  }
)

test(
  'an upstream that keeps failing ends the run with one clear error and nothing half-written',
  { timeout: 120_000 },
  async () => {
    const broken = await startRandomuserServer({ port: 0, faults: () => ({ kind: 'status', status: 503 }) })
    try {
      const config = pipelineConfig({ 'source.url': `${broken.url}/api/` })
      const result = await runCli([
        'ingest',
        '--count',
        '100',
        '--source-retries',
        '2',
        '--source-backoff-ms',
        '20',
        '--source-url',
        `${broken.url}/api/`,
        ...cliArgs(config)
      ])
      assert.notEqual(result.code, 0)
      const lines = result.stderr
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('user-streamer:'))
      assert.equal(lines.length, 1, result.stderr)
      assert.match(lines[0] ?? '', /^user-streamer: US_ERR_SOURCE_HTTP: .*503/)
      const report = await verify(config)
      assert.equal(report.messages, 0, 'nothing was produced')
    } finally {
      await broken.close()
    }
  }
)

test(
  'the main job: `start --once` brings up the stack, streams users, and they land in Cassandra',
  { timeout: 180_000 },
  async () => {
    const config = pipelineConfig()
    // The default source (randomuser.me): used if reachable, else the built-in server with a clear warning.
    const args = cliArgs(config).filter(
      (arg, i, all) => arg !== '--source-requests-per-second' && all[i - 1] !== '--source-requests-per-second'
    )
    const result = await runCli(['start', '--once', '--duration', '3s', ...args], { timeoutMs: 170_000 })
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stderr, /kafka .* (ready|already running)/)
    assert.match(result.stderr, /ingest: run success: \d+ users produced/)
    if (/cannot be reached/.test(result.stderr))
      assert.match(
        result.stderr,
        /WARNING: https:\/\/randomuser\.me\/api\/ cannot be reached .* using the built-in randomuser-compatible server/
      )
    const report = await verify(config)
    assert.equal(report.ok, true, JSON.stringify(report))
    assert.ok(report.rows > 0, 'users were stored')
    const users = await runCli(['users', '--limit', '2', ...args])
    assert.equal(users.code, 0, users.stderr)
    assert.equal(users.stdout.trim().split('\n').length, 2)
    assert.match(users.stdout, /"first_name":/)
  }
)

test(
  'two processor processes in one group share the partitions and store every user once',
  { timeout: 240_000 },
  async () => {
    const config = pipelineConfig({ 'source.seed': 'two-processors', 'source.batchSize': '5000' })
    const N = 30_000
    await runIngest({ config, logger, count: N })
    const start = (): { done: Promise<string>; kill: () => void } => {
      const child = spawn(process.execPath, [cliPath, 'process', '--json', ...cliArgs(config)], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'ignore']
      })
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
      return {
        done: new Promise((resolve) => child.on('close', () => resolve(out))),
        kill: () => child.kill('SIGTERM')
      }
    }
    const first = start()
    const second = start()
    const client = await connectCassandra(config)
    try {
      await waitFor(
        'every row written',
        async () => (await countRows(client, config).catch(() => 0)) >= N,
        180_000,
        500
      )
    } finally {
      await client.shutdown()
    }
    first.kill()
    second.kill()
    const outputs = (await Promise.all([first.done, second.done])).map((out) => JSON.parse(out) as { written: number })
    for (const output of outputs)
      assert.ok(output.written > 0, `each processor wrote rows (${outputs.map((o) => o.written).join(' + ')})`)
    const report = await verify(config)
    assert.equal(report.rows, N)
    assert.equal(report.ok, true, JSON.stringify(report))
  }
)
