// Scenario 3: Cassandra stopped for 30 s while users stream in. The processor stays up, retries its writes with
// backoff, commits no offset while nothing can be written, and resumes by itself once Cassandra is back: exactly N
// rows.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Config } from '../../src/config/schema.ts'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { dropPipeline, testConfig } from '../helpers.ts'
import {
  caughtUp,
  committedOffsets,
  killCli,
  killLeftovers,
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
let config: Config

before(async () => {
  server = await startRandomuserServer({ port: 0 })
  config = testConfig({ 'source.seed': 'cassandra-outage' })
})

after(async () => {
  await killLeftovers()
  await startService('cassandra') // whatever happened, Cassandra is up again for what follows
  await server.close()
  await dropPipeline(config)
})

test(
  'Cassandra stopped for 30 s mid-stream: the processor waits, commits nothing, resumes: exactly N rows',
  {
    timeout: 360_000
  },
  async () => {
    const N = 40_000
    const OUTAGE_MS = 30_000
    const processor = spawnCli(config, ['process', '--json'])
    await sleep(2000)
    // 2 pages of 1,000 users a second: ingest goes on during the outage (Kafka is up), the backlog grows.
    const ingest = spawnCli(config, [
      'ingest',
      '--count',
      String(N),
      '--json',
      '--source-url',
      server.apiUrl,
      '--source-batch-size',
      '1000',
      '--source-requests-per-second',
      '2'
    ])
    await waitForCommitted(config, 'the processor to write rows', (c) => total(c) >= 4000)

    await stopService('cassandra')
    const downAt = Date.now()
    await sleep(3000)
    // What was in flight when Cassandra went away has failed or landed by now; from here on nothing can be written,
    // so no offset may move: a commit now would be a commit for a row that is not in the table.
    const frozen = await committedOffsets(config)
    while (Date.now() - downAt < OUTAGE_MS) {
      await sleep(1000)
      assert.equal(
        processor.child.exitCode,
        null,
        `the processor stays up while Cassandra is down:\n${processor.stderr}`
      )
      assert.deepEqual(await committedOffsets(config), frozen, 'no offset is committed while Cassandra is down')
    }
    assert.match(processor.stderr, /writing rows failed; retrying/, 'the processor retries its writes')

    await startService('cassandra')
    const upAt = Date.now()
    await waitForCommitted(config, 'the processor to resume by itself', (c) => total(c) > total(frozen), 120_000)
    const recover = Date.now() - upAt

    assert.equal(await ingest.exited, 0, ingest.stderr)
    assert.equal((JSON.parse(ingest.stdout) as { produced: number }).produced, N)
    const deadline = Date.now() + 120_000
    while (!(await caughtUp(config))) {
      assert.ok(Date.now() < deadline, 'the processor catches up')
      assert.equal(processor.child.exitCode, null, processor.stderr)
      await sleep(250)
    }
    assert.equal(await killCli(processor, 'SIGTERM'), 0, processor.stderr)
    const stats = JSON.parse(processor.stdout) as { writeRetries: number }
    assert.ok(stats.writeRetries > 0, 'writes were retried')
    const retries = [...processor.stderr.matchAll(/"delayMs":(\d+)/g)].map((m) => Number(m[1]))
    assert.ok(
      retries.some((ms, i) => i > 0 && ms > (retries[0] ?? 0)),
      `the retry delay grows (backoff): ${retries.join(', ')}`
    )

    const result = await verifyExact(config, N)
    report({
      scenario: '3. Cassandra stopped 30 s mid-stream',
      usersIn: N,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `${seconds(recover)} from Cassandra ready to the next commit (${stats.writeRetries} write retries, no commit while down)`
    })
  }
)
