// Scenario 1: the processor SIGKILLed five times at random moments while it drains 100,000 users, restarted each
// time -> exactly 100,000 rows, no duplicate. Then two processors in one group, one of them SIGKILLed: the other
// takes over its partitions and every row lands once.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Config } from '../../src/config/schema.ts'
import { runIngest } from '../../src/ingest/ingest.ts'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { dropPipeline, testConfig } from '../helpers.ts'
import {
  caughtUp,
  committedOffsets,
  endOffsets,
  killCli,
  killLeftovers,
  logger,
  report,
  seconds,
  sleep,
  spawnCli,
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

async function ingested(seed: string, count: number): Promise<Config> {
  const config = testConfig({
    'source.url': server.apiUrl,
    'source.seed': seed,
    'source.batchSize': '5000',
    'source.requestsPerSecond': '1000'
  })
  configs.push(config)
  const stats = await runIngest({ config, logger, count })
  assert.equal(stats.produced, count)
  return config
}

test(
  'the processor SIGKILLed 5 times while draining 100,000 users: exactly 100,000 rows',
  { timeout: 420_000 },
  async () => {
    const N = 100_000
    const KILLS = 5
    const config = await ingested('five-kills', N)
    const recoveries: number[] = []
    const killedAt: number[] = []
    for (let kill = 0; kill < KILLS; kill++) {
      const before = total(await committedOffsets(config))
      const startedAt = Date.now()
      const processor = spawnCli(config, ['process'])
      // A random moment: once this life has committed something, when the committed count passes a random point
      // of its sixth of the backlog (so every kill lands mid-drain and the last sixth is left for the final run).
      await waitForCommitted(config, `progress after restart ${kill}`, (c) => total(c) > before, 120_000, 50)
      recoveries.push(Date.now() - startedAt)
      const target = Math.round((N * (kill + 0.2 + 0.6 * Math.random())) / (KILLS + 1))
      const committed = await waitForCommitted(config, `${target} committed`, (c) => total(c) >= target, 120_000, 50)
      assert.equal(processor.child.exitCode, null, `the processor is still draining:\n${processor.stderr}`)
      assert.equal(await killCli(processor, 'SIGKILL'), 'SIGKILL')
      killedAt.push(total(committed))
    }
    assert.ok((killedAt.at(-1) ?? N) < N, `every kill landed mid-drain (committed at each: ${killedAt.join(', ')})`)
    const startedAt = Date.now()
    const last = spawnCli(config, ['process', '--drain'])
    await waitForCommitted(
      config,
      'progress after the last restart',
      (c) => total(c) > (killedAt.at(-1) ?? 0),
      120_000,
      50
    )
    recoveries.push(Date.now() - startedAt)
    assert.equal(await last.exited, 0, last.stderr)
    assert.ok(await caughtUp(config))

    const result = await verifyExact(config, N)
    report({
      scenario: '1a. processor SIGKILLed 5× while draining',
      usersIn: N,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `restart → first commit: max ${seconds(Math.max(...recoveries))}, median ${seconds(recoveries.toSorted((a, b) => a - b)[Math.floor(recoveries.length / 2)] ?? 0)} (killed at ${killedAt.map((k) => `${Math.round(k / 1000)}k`).join(', ')} committed)`
    })
  }
)

test(
  'two processors in one group, one SIGKILLed: the other takes over, every row once',
  { timeout: 300_000 },
  async () => {
    const N = 60_000
    const config = await ingested('two-one-killed', N)
    const first = spawnCli(config, ['process'])
    const second = spawnCli(config, ['process', '--json'])
    // Both members share the partitions once each partition has moved; then the first dies at a random point.
    const base = await waitForCommitted(config, 'every partition to move', (c) => c.every((o) => o > 0n), 120_000, 50)
    const target = Math.round(N * (0.3 + 0.2 * Math.random()))
    const atKill = await waitForCommitted(config, `${target} committed`, (c) => total(c) >= target, 120_000, 50)
    assert.ok(total(base) < N)
    assert.equal(await killCli(first, 'SIGKILL'), 'SIGKILL')
    const killedAt = Date.now()
    // Recovered once every partition that still had work at the kill has moved again (the survivor owns them all).
    const ends = await endOffsets(config)
    const stalled = await committedOffsets(config)
    await waitForCommitted(
      config,
      'every unfinished partition to move after the kill',
      (c) => c.every((o, i) => o > (stalled[i] ?? 0n) || (stalled[i] ?? 0n) >= (ends[i] ?? 0n)),
      120_000,
      100
    )
    const recover = Date.now() - killedAt
    const deadline = Date.now() + 120_000
    while (!(await caughtUp(config))) {
      assert.ok(Date.now() < deadline, 'the survivor catches up')
      assert.equal(second.child.exitCode, null, second.stderr)
      await sleep(250)
    }
    assert.equal(await killCli(second, 'SIGTERM'), 0, second.stderr)
    const survivor = JSON.parse(second.stdout) as { written: number }
    assert.ok(survivor.written > 0)

    const result = await verifyExact(config, N)
    report({
      scenario: '1b. two processors in one group, one SIGKILLed',
      usersIn: N,
      rowsOut: result.rows,
      duplicates: result.duplicates,
      deadLettered: result.deadLettered,
      recover: `kill → every partition moving again: ${seconds(recover)} (killed at ${Math.round(total(atKill) / 1000)}k committed)`
    })
  }
)
