// The Airflow DAG airflow/dags/user_automation.py on real Apache Airflow 3 (from PyPI, pinned by
// airflow/requirements.lock) against the real `user-streamer serve` on the real stack: `airflow dags test` triggers
// a run through the HTTP API and waits for it; the run is in the history and its users are in Cassandra. A run
// that fails in user-streamer fails the Airflow task, and `airflow dags test` exits non-zero.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { Config } from '../../src/config/schema.ts'
import type { RunRecord } from '../../src/scheduler/history.ts'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { verify } from '../../src/verify/verify.ts'
import { cliPath, dropPipeline, freePort, namesAsFlags, repoRoot, testConfig, waitFor } from '../helpers.ts'

const venvDir = join(repoRoot, '.user-streamer', 'airflow-venv')
const dagsFolder = join(repoRoot, 'airflow', 'dags')

interface Exited {
  code: number | null
  output: string
}

/** Runs a command to its end with stdout and stderr interleaved, killing it after `timeoutMs`. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const collect = (chunk: Buffer): void => void (output += chunk.toString())
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

const tail = (text: string, lines = 40): string => text.trim().split('\n').slice(-lines).join('\n')

let source: Awaited<ReturnType<typeof startRandomuserServer>>
let broken: Awaited<ReturnType<typeof startRandomuserServer>>
let config: Config
let serve: ChildProcess | undefined
let serveOutput = ''
let serviceUrl = ''
let airflowHome = ''
let airflowEnv: NodeJS.ProcessEnv = {}

before(
  async () => {
    // 1. Airflow itself. No skipping: a machine that cannot build the venv fails here, saying why.
    const venv = await run('bash', [join(repoRoot, 'scripts', 'airflow-venv.sh'), venvDir], process.env, 1_200_000)
    if (venv.code !== 0) {
      throw new Error(
        `scripts/airflow-venv.sh could not build the Airflow venv (exit ${venv.code}); ` +
          `Airflow needs Python 3.11 with venv and pip, and PyPI:\n${tail(venv.output)}`
      )
    }

    // 2. The service: `user-streamer serve` (with its processor) on its own topic, group and keyspace, reading the
    //    built-in randomuser server; one attempt per run and few source retries, so a failing run fails fast.
    source = await startRandomuserServer({ port: 0 })
    broken = await startRandomuserServer({ port: 0, faults: () => ({ kind: 'status', status: 503 }) })
    config = testConfig({ 'source.url': source.apiUrl })
    const port = await freePort()
    serviceUrl = `http://127.0.0.1:${port}`
    serve = spawn(
      process.execPath,
      [
        cliPath,
        'serve',
        '--http-port',
        String(port),
        '--source-url',
        source.apiUrl,
        '--source-requests-per-second',
        '5',
        '--source-batch-size',
        '100',
        '--source-retries',
        '1',
        '--source-backoff-ms',
        '20',
        '--scheduler-retries',
        '0',
        ...namesAsFlags(config)
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    const collect = (chunk: Buffer): void => void (serveOutput = (serveOutput + chunk.toString()).slice(-20_000))
    serve.stdout?.on('data', collect)
    serve.stderr?.on('data', collect)
    const exited = new Promise<never>((_, reject) =>
      serve?.once('exit', (code) =>
        reject(new Error(`serve exited (${code}) before it was ready:\n${tail(serveOutput)}`))
      )
    )
    exited.catch(() => {})
    await Promise.race([
      exited,
      waitFor(
        'user-streamer serve to be ready',
        async () => (await fetch(`${serviceUrl}/readyz`)).status === 200,
        90_000
      )
    ])

    // 3. A throwaway Airflow: SQLite metadata DB in a temporary AIRFLOW_HOME, the repo's DAG folder, the connection
    //    to the service, and 5-second runs (the DAG reads the Variable user_streamer_duration_seconds).
    airflowHome = await mkdtemp(join(tmpdir(), 'user-streamer-airflow-'))
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AIRFLOW')))
    airflowEnv = {
      ...inherited,
      AIRFLOW_HOME: airflowHome,
      AIRFLOW__CORE__DAGS_FOLDER: dagsFolder,
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      AIRFLOW_CONN_USER_STREAMER: serviceUrl,
      AIRFLOW_VAR_USER_STREAMER_DURATION_SECONDS: '5',
      AIRFLOW_VAR_USER_STREAMER_TIMEOUT_SECONDS: '180'
    }
    const migrate = await run(join(venvDir, 'bin', 'airflow'), ['db', 'migrate'], airflowEnv, 300_000)
    assert.equal(migrate.code, 0, `airflow db migrate failed:\n${tail(migrate.output)}`)
  },
  { timeout: 1_800_000 }
)

after(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve?.once('exit', resolve))
    serve.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))])
    if (serve.exitCode === null) serve.kill('SIGKILL')
  }
  await source?.close()
  await broken?.close()
  if (airflowHome) await rm(airflowHome, { recursive: true, force: true })
  if (config) await dropPipeline(config)
})

async function runsOfService(): Promise<RunRecord[]> {
  const response = await fetch(`${serviceUrl}/api/runs?limit=100`)
  assert.equal(response.status, 200)
  return ((await response.json()) as { runs: RunRecord[] }).runs
}

function dagsTest(logicalDate: string, conf?: Record<string, unknown>): Promise<Exited> {
  const args = ['dags', 'test', 'user_automation', logicalDate, ...(conf ? ['--conf', JSON.stringify(conf)] : [])]
  return run(join(venvDir, 'bin', 'airflow'), args, airflowEnv, 600_000)
}

test(
  'airflow dags test user_automation triggers a run through the HTTP API, waits for it, and its users reach Cassandra',
  { timeout: 900_000 },
  async () => {
    const result = await dagsTest('2024-06-01')
    assert.equal(
      result.code,
      0,
      `airflow dags test failed:\n${tail(result.output, 60)}\n--- serve:\n${tail(serveOutput)}`
    )
    assert.match(result.output, /run \S+ success: fetched=\d+ produced=\d+ rejected=0/)

    const run = (await runsOfService()).find(
      (r) => r.trigger === 'airflow' && r.logicalDate === '2024-06-01T00:00:00.000Z'
    )
    assert.ok(run, 'the Airflow-triggered run is in the history')
    assert.equal(run.state, 'success', JSON.stringify(run))
    assert.equal(run.dagId, 'user_automation')
    assert.equal(run.taskId, 'stream_data_from_api')
    assert.equal(run.error, null)
    assert.ok(run.produced > 0, `the run produced users: ${JSON.stringify(run)}`)
    assert.ok(run.startedAt && run.endedAt, 'the run has a start and an end')
    const streamedMs = Date.parse(run.endedAt) - Date.parse(run.startedAt)
    assert.ok(streamedMs >= 4_000 && streamedMs < 60_000, `the run streamed for the 5 s asked (${streamedMs} ms)`)
    assert.match(result.output, new RegExp(`run ${run.runId} success`))

    // serve's processor stores what the run produced: every produced id becomes a row.
    const report = await waitFor(
      'the users of the run in Cassandra',
      async () => {
        const r = await verify(config)
        return r.ok && r.rows >= run.produced ? r : undefined
      },
      120_000,
      1000
    )
    assert.equal(report.rows, report.distinctIds)
    assert.equal(report.missing, 0)
    assert.ok(report.messages >= run.produced)
  }
)

test(
  'a run that fails in user-streamer fails the Airflow task, and airflow dags test exits non-zero',
  {
    timeout: 900_000
  },
  async () => {
    const result = await dagsTest('2024-06-02', { source: broken.apiUrl })
    assert.notEqual(result.code, 0, `airflow dags test should have failed:\n${tail(result.output, 60)}`)
    assert.match(result.output, /AirflowFailException: user-streamer run \S+ failed: /)
    assert.match(result.output, /DagRun failed/)

    const run = (await runsOfService()).find(
      (r) => r.trigger === 'airflow' && r.logicalDate === '2024-06-02T00:00:00.000Z'
    )
    assert.ok(run, 'the failed run is in the history')
    assert.equal(run.state, 'failed', JSON.stringify(run))
    assert.ok(run.error, 'the failed run says why')
    assert.ok(result.output.includes(run.error), `the task's failure carries the run's error (${run.error})`)
    assert.ok(broken.stats.requests > 0, 'the run asked the failing source')
  }
)
