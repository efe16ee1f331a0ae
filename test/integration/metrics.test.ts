// /metrics scraped during a real run: every stage reports, in the Prometheus text format.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { after, test } from 'node:test'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { cliPath, dropPipeline, freePort, namesAsFlags, repoRoot, testConfig, waitFor } from '../helpers.ts'

const config = testConfig()
after(() => dropPipeline(config))

/** The value of one sample line, e.g. value(text, 'user_streamer_users_written_total'). */
function value(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `))
  return line ? Number(line.slice(sample.length + 1)) : NaN
}

test('/metrics exposes every stage during a run', { timeout: 120_000 }, async () => {
  const server = await startRandomuserServer({ port: 0 })
  const port = await freePort()
  const args = [
    'serve',
    '--http-port',
    String(port),
    ...namesAsFlags(config),
    '--source-url',
    server.apiUrl,
    '--source-requests-per-second',
    '1000',
    '--source-batch-size',
    '500'
  ]
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: 'ignore' })
  const base = `http://127.0.0.1:${port}`
  try {
    await waitFor('the API to be ready', async () => (await fetch(`${base}/readyz`)).ok, 60_000)
    const created = await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 2000, trigger: 'manual' })
    })
    assert.equal(created.status, 202)
    const text = await waitFor(
      'the rows and a lag sample in /metrics',
      async () => {
        const body = await (await fetch(`${base}/metrics`)).text()
        return value(body, 'user_streamer_users_written_total') >= 2000 && body.includes('user_streamer_consumer_lag{')
          ? body
          : undefined
      },
      60_000,
      500
    )
    assert.match(text, /^# TYPE user_streamer_users_fetched_total counter$/m)
    assert.equal(value(text, `user_streamer_users_fetched_total{source="${new URL(server.apiUrl).host}"}`), 2000)
    assert.equal(value(text, 'user_streamer_users_produced_total'), 2000)
    assert.equal(value(text, 'user_streamer_users_consumed_total'), 2000)
    assert.equal(value(text, 'user_streamer_users_written_total'), 2000)
    assert.equal(value(text, 'user_streamer_source_http_responses_total{status="200"}'), 4)
    assert.equal(value(text, 'user_streamer_produce_to_row_seconds_count'), 2000)
    assert.equal(value(text, 'user_streamer_fetch_to_row_seconds_count'), 2000)
    assert.ok(value(text, 'user_streamer_batch_size_count{stage="process"}') >= 1)
    assert.equal(value(text, 'user_streamer_runs_total{state="success",trigger="manual"}'), 1)
    assert.match(text, /^user_streamer_consumer_lag\{topic="[^"]+",partition="0"\} \d+$/m)
    assert.match(text, /^user_streamer_process_cpu_seconds_total \d/m)
    assert.match(text, /^user_streamer_nodejs_heap_size_used_bytes \d/m)
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    await server.close()
  }
})
