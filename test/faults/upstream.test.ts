// Scenario 5: the upstream API misbehaving (500, 429 with Retry-After, a hang past the timeout, a truncated body,
// HTML instead of JSON, an unusable envelope, results of the wrong shape). Runs go through the DAG's run executor,
// as the scheduler and the HTTP API run them: bounded retries, clear errors, the counts in the metrics and the run
// record, no crash, nothing half-written.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Config } from '../../src/config/schema.ts'
import { createMetrics } from '../../src/observability/metrics.ts'
import { RunExecutor } from '../../src/scheduler/executor.ts'
import { RunStore } from '../../src/scheduler/history.ts'
import { type CassandraClient, connectCassandra } from '../../src/sink/cassandra/client.ts'
import { type Fault, startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { dropPipeline, testConfig } from '../helpers.ts'
import {
  endOffsets,
  killLeftovers,
  logger,
  readTopic,
  report,
  seconds,
  spawnCli,
  total,
  verifyExact
} from './helpers.ts'

const configs: Config[] = []
const clients: CassandraClient[] = []

after(async () => {
  await killLeftovers()
  for (const client of clients) await client.shutdown().catch(() => {})
  for (const config of configs) await dropPipeline(config)
})

let faulty: Awaited<ReturnType<typeof startRandomuserServer>>
let broken: Awaited<ReturnType<typeof startRandomuserServer>>
const plan = new Map<number, Fault>([
  [1, { kind: 'status', status: 500 }],
  [2, { kind: 'status', status: 429, retryAfterSeconds: 1 }],
  [3, { kind: 'hang', ms: 3000 }],
  [4, { kind: 'truncate' }],
  [5, { kind: 'html' }],
  [6, { kind: 'wrong-shape' }],
  [7, { kind: 'status', status: 200, body: '{"results":{"not":"a list"},"info":{"seed":"x","results":1,"page":2}}' }]
])

before(async () => {
  faulty = await startRandomuserServer({ port: 0, faults: (n) => plan.get(n) })
  broken = await startRandomuserServer({ port: 0, faults: () => ({ kind: 'status', status: 503 }) })
})

after(async () => {
  await faulty.close()
  await broken.close()
})

async function executor(config: Config) {
  const client = await connectCassandra(config)
  clients.push(client)
  const store = new RunStore(client, config)
  await store.ensureTables(1)
  const metrics = createMetrics({ defaultMetrics: false })
  return { store, metrics, executor: new RunExecutor({ config, logger, store, metrics }) }
}

async function metricValue(metrics: ReturnType<typeof createMetrics>, name: string, labels: Record<string, string>) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name)
  return (metric?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0)
}

test(
  'a misbehaving upstream: bounded retries, counts in metrics and the run record, no crash, nothing half-written',
  {
    timeout: 240_000
  },
  async () => {
    const COUNT = 5000
    const config = testConfig({
      'source.url': faulty.apiUrl,
      'source.seed': 'misbehaving',
      'source.batchSize': '1000',
      'source.requestsPerSecond': '1000',
      'source.timeoutMs': '1000',
      'source.backoffMs': '50',
      'source.retries': '6',
      'scheduler.retries': '0'
    })
    configs.push(config)
    const { store, metrics, executor: runs } = await executor(config)
    const started = Date.now()
    const queued = await runs.trigger({ trigger: 'faults', count: COUNT })
    await runs.idle()
    const tookMs = Date.now() - started
    await runs.close()
    const run = await store.get(queued.runId)
    assert.ok(run)
    assert.equal(run.state, 'success', run.error ?? '')
    // Page 1: 500, 429, timeout, truncated, HTML, then 1,000 results of which every third is wrong (quarantined);
    // page 2: an envelope whose results are not a list, then good. Each fault is one retry, and only one.
    const REJECTED = 334
    assert.equal(run.fetched, COUNT)
    assert.equal(run.rejected, REJECTED)
    assert.equal(run.produced, COUNT - REJECTED)
    assert.equal(run.attempt, 1)
    assert.equal(faulty.stats.requests, 5 + 6, 'one request per page plus one per retried fault')
    assert.equal(await metricValue(metrics, 'user_streamer_retries_total', { stage: 'source' }), 6)
    assert.equal(await metricValue(metrics, 'user_streamer_source_http_responses_total', { status: '500' }), 1)
    assert.equal(await metricValue(metrics, 'user_streamer_source_http_responses_total', { status: '429' }), 1)
    assert.equal(await metricValue(metrics, 'user_streamer_users_rejected_total', { stage: 'source' }), REJECTED)
    assert.equal(await metricValue(metrics, 'user_streamer_users_produced_total', {}), COUNT - REJECTED)
    assert.equal(await metricValue(metrics, 'user_streamer_runs_total', { state: 'success' }), 1)

    const quarantined = await readTopic(config, config.kafka.dlqTopic)
    assert.equal(quarantined.length, REJECTED, 'each wrong result is in the DLQ')
    for (const message of quarantined) {
      assert.equal(message.headers.get('x-error-kind'), 'source-invalid')
      assert.ok((message.headers.get('x-error-reason') ?? '').length > 5)
    }
    const processor = spawnCli(config, ['process', '--drain'])
    assert.equal(await processor.exited, 0, processor.stderr)
    const result = await verifyExact(config, COUNT - REJECTED)

    // An upstream that never recovers: the run fails after its bounded retries with one clear error.
    const failing = testConfig({
      'source.url': broken.apiUrl,
      'source.requestsPerSecond': '1000',
      'source.backoffMs': '50',
      'source.retries': '2',
      'scheduler.retries': '0'
    })
    configs.push(failing)
    const second = await executor(failing)
    const failedStarted = Date.now()
    const failedRun = await second.executor.trigger({ trigger: 'faults', count: 1000 })
    await second.executor.idle()
    const failedMs = Date.now() - failedStarted
    await second.executor.close()
    const failed = await second.store.get(failedRun.runId)
    assert.ok(failed)
    assert.equal(failed.state, 'failed')
    assert.match(failed.error ?? '', /503/)
    assert.equal(failed.produced, 0)
    assert.equal(broken.stats.requests, 3, 'the first attempt and 2 retries, no more')
    assert.equal(await metricValue(second.metrics, 'user_streamer_runs_total', { state: 'failed' }), 1)
    assert.equal(await metricValue(second.metrics, 'user_streamer_errors_total', { stage: 'source' }), 1)
    assert.equal(await metricValue(second.metrics, 'user_streamer_retries_total', { stage: 'source' }), 2)
    assert.equal(total(await endOffsets(failing)), 0, 'nothing was produced')

    // The CLI says the same in one line and exits 1 (no stack trace, no crash).
    const cli = spawnCli(failing, [
      'ingest',
      '--count',
      '100',
      '--source-url',
      broken.apiUrl,
      '--source-retries',
      '1',
      '--source-backoff-ms',
      '50'
    ])
    assert.equal(await cli.exited, 1)
    const lines = cli.stderr.split('\n').filter((line) => line.startsWith('user-streamer:'))
    assert.equal(lines.length, 1, cli.stderr)
    assert.match(lines[0] ?? '', /^user-streamer: US_ERR_SOURCE_HTTP: .*503/)

    report({
      scenario: '5. upstream API misbehaving (7 kinds of fault)',
      usersIn: COUNT,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `6 retries, run success in ${seconds(tookMs)}; a dead upstream fails the run after 3 requests in ${seconds(failedMs)}, 0 messages`
    })
  }
)
