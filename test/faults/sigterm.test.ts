// Scenario 6: SIGTERM during each stage — ingest, process, and the whole `start` job. Each stops by itself: work
// in flight is finished (a page is published whole, a batch is written and committed) or left for replay, and the
// committed offsets never run ahead of the rows.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Config } from '../../src/config/schema.ts'
import { runIngest } from '../../src/ingest/ingest.ts'
import { decodeUserMessage } from '../../src/processor/decode.ts'
import { connectCassandra } from '../../src/sink/cassandra/client.ts'
import { forEachStoredId } from '../../src/sink/cassandra/reader.ts'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { dropPipeline, freePort, testConfig } from '../helpers.ts'
import {
  committedOffsets,
  endOffsets,
  killCli,
  killLeftovers,
  logger,
  readTopic,
  report,
  seconds,
  sleep,
  spawnCli,
  startService,
  stopService,
  total,
  verifyExact,
  waitForCommitted
} from './helpers.ts'

let server: Awaited<ReturnType<typeof startRandomuserServer>>
const configs: Config[] = []

before(async () => {
  server = await startRandomuserServer({ port: 0 })
})

after(async () => {
  await killLeftovers()
  await server.close()
  for (const config of configs) await dropPipeline(config)
})

function config(seed: string): Config {
  const c = testConfig({ 'source.url': server.apiUrl, 'source.seed': seed, 'source.requestsPerSecond': '1000' })
  configs.push(c)
  return c
}

const sourceFlags = (rps: number): string[] => [
  '--source-url',
  server.apiUrl,
  '--source-batch-size',
  '1000',
  '--source-requests-per-second',
  String(rps)
]

/**
 * Offsets consistent with rows: every message below the group's committed offsets has its row (nothing else writes
 * while this runs, so a row missing here was committed without being written). Returns the committed count.
 */
async function assertCommittedAreStored(c: Config): Promise<number> {
  const committed = await committedOffsets(c)
  const below = new Set<string>()
  for (const message of await readTopic(c, c.kafka.topic)) {
    if (message.offset >= (committed[message.partition] ?? -1n)) continue
    const decoded = decodeUserMessage(message.value ?? null)
    if (decoded.ok) below.add(decoded.record.id)
  }
  const client = await connectCassandra(c)
  const stored = new Set<string>()
  try {
    await forEachStoredId(client, c, (id) => void stored.add(id)).catch(() => 0)
  } finally {
    await client.shutdown()
  }
  const missing = [...below].filter((id) => !stored.has(id))
  assert.equal(missing.length, 0, `${missing.length} committed message(s) without a row, e.g. ${missing[0]}`)
  return total(committed)
}

async function drainAndVerify(c: Config, expected: number) {
  const drain = spawnCli(c, ['process', '--drain'])
  assert.equal(await drain.exited, 0, drain.stderr)
  return verifyExact(c, expected)
}

test(
  'SIGTERM during ingest: the run stops after whole pages; the topic has exactly what it reported',
  {
    timeout: 180_000
  },
  async () => {
    const c = config('sigterm-ingest')
    const ingest = spawnCli(c, ['ingest', '--count', '50000', '--json', ...sourceFlags(5)])
    // Stop it once a few pages are in Kafka (mid-run: it would need ~10 s more).
    const deadline = Date.now() + 60_000
    while (total(await endOffsets(c).catch(() => [])) < 3000) {
      assert.ok(Date.now() < deadline, ingest.stderr)
      await new Promise((r) => setTimeout(r, 100))
    }
    const signalled = Date.now()
    assert.equal(await killCli(ingest, 'SIGTERM'), 130, ingest.stderr)
    const stopMs = Date.now() - signalled
    const stats = JSON.parse(ingest.stdout) as { produced: number; state: string }
    assert.equal(stats.state, 'stopped')
    assert.ok(stats.produced > 0 && stats.produced < 50_000, String(stats.produced))
    assert.equal(stats.produced % 1000, 0, 'whole pages only')
    assert.equal(total(await endOffsets(c)), stats.produced, 'the topic holds exactly what ingest reported')
    const result = await drainAndVerify(c, stats.produced)
    report({
      scenario: '6a. SIGTERM during ingest',
      usersIn: stats.produced,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `stopped ${seconds(stopMs)} after SIGTERM (exit 130), whole pages only`
    })
  }
)

test(
  'SIGTERM during processing: the batch in hand is written and committed, the rest replays',
  {
    timeout: 180_000
  },
  async () => {
    const N = 60_000
    const c = config('sigterm-process')
    assert.equal((await runIngest({ config: c, logger, count: N })).produced, N)
    const processor = spawnCli(c, ['process', '--json'])
    const target = Math.round(N * (0.2 + 0.3 * Math.random()))
    await waitForCommitted(c, `${target} committed`, (o) => total(o) >= target, 120_000, 50)
    const signalled = Date.now()
    assert.equal(await killCli(processor, 'SIGTERM'), 0, processor.stderr)
    const stopMs = Date.now() - signalled
    const stats = JSON.parse(processor.stdout) as { consumed: number; commitFailures: number }
    assert.equal(stats.commitFailures, 0)
    const committed = await assertCommittedAreStored(c)
    assert.ok(committed < N, `stopped mid-backlog (${committed} of ${N} committed)`)
    // Graceful: every message it took into a batch was written and committed before it exited (none left half-done).
    assert.equal(committed, stats.consumed, 'committed exactly what it consumed')
    const result = await drainAndVerify(c, N)
    report({
      scenario: '6b. SIGTERM during processing',
      usersIn: N,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `stopped ${seconds(stopMs)} after SIGTERM at ${Math.round(committed / 1000)}k committed (exit 0); restart drains the rest`
    })
  }
)

test(
  'SIGTERM during `start` (ingest + processor + HTTP API): both stop promptly, offsets consistent',
  {
    timeout: 240_000
  },
  async () => {
    const c = config('sigterm-start')
    const port = await freePort()
    const job = spawnCli(c, ['start', '--duration', '120s', '--http-port', String(port), ...sourceFlags(3)])
    await waitForCommitted(c, 'the job to store users', (o) => total(o) >= 3000, 120_000, 100)
    const signalled = Date.now()
    const code = await killCli(job, 'SIGTERM')
    const stopMs = Date.now() - signalled
    assert.equal(code, 130, `stopped by the signal, not by the end of its 120 s run:\n${job.stderr.slice(-3000)}`)
    assert.ok(stopMs < 30_000, `stopped within 30 s of SIGTERM (took ${seconds(stopMs)})`)
    await assertCommittedAreStored(c)
    const produced = total(await endOffsets(c))
    const result = await drainAndVerify(c, produced)
    report({
      scenario: '6c. SIGTERM during `start`',
      usersIn: produced,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `stopped ${seconds(stopMs)} after SIGTERM (exit 130); restart drains the rest`
    })
  }
)

test(
  'SIGTERM while Cassandra is down: the processor gives up on unwritten batches, leaving them for replay',
  {
    timeout: 300_000
  },
  async () => {
    const N = 30_000
    const c = config('sigterm-outage')
    const processor = spawnCli(c, ['process', '--json'])
    const ingest = spawnCli(c, ['ingest', '--count', String(N), ...sourceFlags(2)])
    try {
      await waitForCommitted(c, 'the processor to write rows', (o) => total(o) >= 3000, 120_000, 100)
      await stopService('cassandra')
      await sleep(3000) // new messages arrive that cannot be written
      const signalled = Date.now()
      const code = await killCli(processor, 'SIGTERM')
      const stopMs = Date.now() - signalled
      assert.equal(code, 0, processor.stderr.slice(-3000))
      // It finishes what it can, then waits at most 30 s for Cassandra before leaving the batches uncommitted.
      assert.ok(stopMs < 45_000, `stopped within 45 s of SIGTERM (took ${seconds(stopMs)})`)
      assert.match(processor.stderr, /stopped with unwritten batches; they will be replayed/)
      await startService('cassandra')
      const committed = await assertCommittedAreStored(c)
      assert.equal(await ingest.exited, 0, ingest.stderr)
      assert.ok(committed < N)
      const result = await drainAndVerify(c, N)
      report({
        scenario: '6d. SIGTERM while Cassandra is down',
        usersIn: N,
        rowsOut: result.rows,
        duplicates: result.duplicates,
        deadLettered: result.deadLettered,
        recover: `stopped ${seconds(stopMs)} after SIGTERM (exit 0), unwritten batches left uncommitted; restart drains the rest`
      })
    } finally {
      await startService('cassandra')
    }
  }
)
