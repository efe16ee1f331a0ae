// Scenario 2: the Kafka broker stopped for 20 s and restarted while users are ingested and processed. The producer
// waits with bounded memory (it stops fetching from the API) and resumes; the topic has every user exactly once
// (idempotent producer: no duplicate from a retried send); every row lands.
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
  config = testConfig({ 'source.seed': 'kafka-outage' })
})

after(async () => {
  await killLeftovers()
  await startService('kafka') // whatever happened, the broker is up again for what follows
  await server.close()
  await dropPipeline(config)
})

test(
  'Kafka stopped for 20 s during ingest and processing: no message lost or duplicated, all rows land',
  { timeout: 300_000 },
  async () => {
    const N = 60_000
    const OUTAGE_MS = 20_000
    const processor = spawnCli(config, ['process', '--json'])
    await sleep(2000)
    // 5 pages of 1,000 users a second: the run lasts ~12 s, so the broker goes away in the middle of it.
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
      '5'
    ])
    await waitForCommitted(config, 'the processor to write rows', (c) => total(c) >= 5000)

    await stopService('kafka')
    const downAt = Date.now()
    const requestsAtStop = server.stats.requests
    let peakIngestRss = 0
    while (Date.now() - downAt < OUTAGE_MS) {
      await sleep(500)
      peakIngestRss = Math.max(peakIngestRss, ingest.sampleRss())
      assert.equal(ingest.child.exitCode, null, `ingest must wait for the broker, not exit:\n${ingest.stderr}`)
      assert.equal(processor.child.exitCode, null, `the processor must wait for the broker:\n${processor.stderr}`)
    }
    const requestsDuringOutage = server.stats.requests - requestsAtStop
    // Bounded memory: while Kafka is away the producer holds one page and the prefetched next one; it fetches no more.
    assert.ok(requestsDuringOutage <= 2, `ingest kept fetching during the outage: ${requestsDuringOutage} requests`)
    assert.ok(peakIngestRss < 400, `ingest RSS during the outage: ${peakIngestRss.toFixed(0)} MB`)

    await startService('kafka')
    const upAt = Date.now()
    const committedAtUp = total(await committedOffsets(config))
    const requestsAtUp = server.stats.requests
    let producerBackMs = -1
    let processorBackMs = -1
    const deadline = Date.now() + 180_000
    while (Date.now() < deadline && (producerBackMs < 0 || processorBackMs < 0)) {
      if (producerBackMs < 0 && (server.stats.requests > requestsAtUp || ingest.child.exitCode !== null))
        producerBackMs = Date.now() - upAt
      if (processorBackMs < 0 && total(await committedOffsets(config).catch(() => [])) > committedAtUp)
        processorBackMs = Date.now() - upAt
      await sleep(100)
    }
    const ingestCode = await ingest.exited
    assert.equal(ingestCode, 0, `ingest ends by itself once the broker is back:\n${ingest.stderr}`)
    const ingested = JSON.parse(ingest.stdout) as { produced: number; state: string }
    assert.equal(ingested.state, 'success')
    assert.equal(ingested.produced, N)

    const drainDeadline = Date.now() + 180_000
    while (!(await caughtUp(config).catch(() => false))) {
      assert.ok(Date.now() < drainDeadline, 'the processor catches up')
      assert.equal(processor.child.exitCode, null, `the processor keeps running:\n${processor.stderr}`)
      await sleep(250)
    }
    assert.equal(await killCli(processor, 'SIGTERM'), 0, processor.stderr)

    const result = await verifyExact(config, N)
    report({
      scenario: '2. Kafka broker stopped 20 s during ingest + processing',
      usersIn: N,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `producer ${seconds(producerBackMs)}, processor ${seconds(processorBackMs)} after the broker was back (ingest peak RSS ${Math.round(peakIngestRss)} MB, ${requestsDuringOutage} API calls while down)`
    })
  }
)
