// The built-in DAG user_automation on the real stack: one run per tick even with two schedulers, history that
// survives a kill -9, and the HTTP API that triggers and reports runs.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { after, before, test } from 'node:test'
import type { Config } from '../../src/config/schema.ts'
import { buildApp } from '../../src/http/app.ts'
import { createLogger } from '../../src/observability/logger.ts'
import { RunExecutor } from '../../src/scheduler/executor.ts'
import { type RunRecord, RunStore } from '../../src/scheduler/history.ts'
import { connectCassandra } from '../../src/sink/cassandra/client.ts'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { cliPath, dropPipeline, namesAsFlags, repoRoot, runCli, testConfig, waitFor } from '../helpers.ts'

let server: Awaited<ReturnType<typeof startRandomuserServer>>
const configs: Config[] = []
const logger = createLogger({ log: { level: 'warn', pretty: false } })

before(async () => {
  server = await startRandomuserServer({ port: 0 })
})

after(async () => {
  await server.close()
  for (const config of configs) await dropPipeline(config)
})

function schedulerConfig(): Config {
  const config = testConfig({
    'source.url': server.apiUrl,
    'source.requestsPerSecond': '1000',
    'source.batchSize': '200'
  })
  configs.push(config)
  return config
}

function flags(config: Config): string[] {
  return [
    ...namesAsFlags(config),
    '--source-url',
    server.apiUrl,
    '--source-requests-per-second',
    '1000',
    '--source-batch-size',
    '200'
  ]
}

function startScheduler(config: Config, cron: string): ChildProcess {
  return spawn(process.execPath, [cliPath, 'schedule', '--cron', cron, '--duration', '1s', ...flags(config)], {
    cwd: repoRoot,
    stdio: 'ignore'
  })
}

async function runs(config: Config): Promise<RunRecord[]> {
  const result = await runCli(['runs', '--json', '--limit', '200', ...flags(config)])
  assert.equal(result.code, 0, result.stderr)
  return JSON.parse(result.stdout) as RunRecord[]
}

const stop = (child: ChildProcess, signal: NodeJS.Signals): Promise<unknown> =>
  new Promise((resolve) => {
    child.once('exit', resolve)
    child.kill(signal)
  })

test(
  'two schedulers started together make exactly one run per tick, never two at once',
  { timeout: 120_000 },
  async () => {
    const config = schedulerConfig()
    const cron = '*/4 * * * * *' // every 4 s (croner's optional seconds field), to see several ticks quickly
    const a = startScheduler(config, cron)
    const b = startScheduler(config, cron)
    try {
      await waitFor(
        'four finished scheduled runs',
        async () => (await runs(config)).filter((r) => r.state === 'success').length >= 4,
        90_000,
        1000
      )
    } finally {
      await Promise.all([stop(a, 'SIGTERM'), stop(b, 'SIGTERM')])
    }
    const history = (await runs(config)).filter((r) => r.trigger === 'scheduled')
    const perTick = new Map<string, number>()
    for (const run of history) perTick.set(run.logicalDate, (perTick.get(run.logicalDate) ?? 0) + 1)
    for (const [tick, count] of perTick) assert.equal(count, 1, `tick ${tick} ran ${count} times`)
    for (const tick of perTick.keys()) assert.equal(new Date(tick).getUTCSeconds() % 4, 0, `${tick} is on the schedule`)
    const finished = history
      .filter((r) => r.startedAt && r.endedAt)
      .sort((x, y) => String(x.startedAt).localeCompare(String(y.startedAt)))
    for (let i = 1; i < finished.length; i++) {
      assert.ok(
        String(finished[i]?.startedAt) >= String(finished[i - 1]?.endedAt),
        `runs ${finished[i - 1]?.runId} and ${finished[i]?.runId} overlap`
      )
    }
    for (const run of finished.filter((r) => r.state === 'success'))
      assert.ok(run.produced > 0, 'each run produced users')
  }
)

test('kill -9 and restart of the scheduler keep the run history', { timeout: 120_000 }, async () => {
  const config = schedulerConfig()
  const cron = '*/3 * * * * *'
  const first = startScheduler(config, cron)
  await waitFor('a finished run', async () => (await runs(config)).some((r) => r.state === 'success'), 60_000, 1000)
  await stop(first, 'SIGKILL')
  const before = (await runs(config)).filter((r) => r.state === 'success')
  const second = startScheduler(config, cron)
  try {
    await waitFor(
      'a run after the restart',
      async () => (await runs(config)).filter((r) => r.state === 'success').length > before.length,
      60_000,
      1000
    )
  } finally {
    await stop(second, 'SIGTERM')
  }
  const after = await runs(config)
  for (const run of before)
    assert.ok(
      after.some((r) => r.runId === run.runId && r.state === 'success'),
      `run ${run.runId} survived the restart`
    )
})

test(
  'the HTTP API triggers a run, reports it, and rejects bad input with a clear 400',
  { timeout: 60_000 },
  async () => {
    const config = schedulerConfig()
    const client = await connectCassandra(config)
    const store = new RunStore(client, config)
    await store.ensureTables(1)
    const executor = new RunExecutor({ config, logger, store })
    const app = buildApp({ config, store, executor, cassandra: client })
    try {
      assert.deepEqual((await app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' })
      const ready = await app.inject({ method: 'GET', url: '/readyz' })
      assert.equal(ready.statusCode, 200)
      assert.deepEqual(ready.json(), { ready: true, kafka: true, cassandra: true })

      const created = await app.inject({
        method: 'POST',
        url: '/api/runs',
        payload: { count: 300, seed: 'http-api', trigger: 'manual' }
      })
      assert.equal(created.statusCode, 202)
      const run = created.json() as RunRecord
      assert.equal(run.state, 'queued')
      assert.equal(run.dagId, 'user_automation')
      assert.equal(run.taskId, 'stream_data_from_api')
      const done = await waitFor('the run to end', async () => {
        const current = (await app.inject({ method: 'GET', url: `/api/runs/${run.runId}` })).json() as RunRecord
        return current.state === 'success' || current.state === 'failed' ? current : undefined
      })
      assert.equal(done.state, 'success', String(done.error))
      assert.equal(done.produced, 300)
      const listed = (await app.inject({ method: 'GET', url: '/api/runs?limit=5' })).json() as { runs: RunRecord[] }
      assert.equal(listed.runs[0]?.runId, run.runId)

      const bad = await app.inject({ method: 'POST', url: '/api/runs', payload: { durationSeconds: -1 } })
      assert.equal(bad.statusCode, 400)
      assert.match((bad.json() as { error: string }).error, /durationSeconds must be > 0/)
      const unknown = await app.inject({ method: 'POST', url: '/api/runs', payload: { colour: 'red' } })
      assert.equal(unknown.statusCode, 400)
      assert.match((unknown.json() as { error: string }).error, /must NOT have additional properties/)
      const huge = await app.inject({ method: 'POST', url: '/api/runs', payload: { seed: 'x'.repeat(20_000) } })
      assert.equal(huge.statusCode, 413)
      assert.equal((await app.inject({ method: 'GET', url: '/api/runs/not-a-run' })).statusCode, 404)
    } finally {
      await app.close()
      await executor.close()
      await client.shutdown()
    }
  }
)
