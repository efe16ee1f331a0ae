// `npm test`: the unit suite, then the integration suite against the real local Kafka, Cassandra and Spark Connect.
// Starts what is not running and stops what it started afterwards, so things are left as they were found.
// `faults` runs the fault-injection suite (test/faults/) the same way, then prints its summary table; what was up
// before is up again afterwards (the scenarios stop and restart Kafka and Cassandra).
// Usage: node scripts/test.ts [unit|integration|all|faults] [extra node --test args]
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { loadConfig } from '../src/config/load.ts'
import { createLogger } from '../src/observability/logger.ts'
import { servicesDown, servicesStatus, servicesUp } from '../src/stack/stack.ts'
import { readSummaries, summaryFile } from '../test/faults/helpers.ts'

const which = process.argv[2] ?? 'all'
const extra = process.argv.slice(3)

function runNodeTest(globs: string[], concurrency: number): number {
  const result = spawnSync(
    process.execPath,
    ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...extra, ...globs],
    { stdio: 'inherit' }
  )
  return result.status ?? 1
}

let failed = 0
if (which === 'unit' || which === 'all') {
  const code = runNodeTest(['test/unit/**/*.test.ts'], 2)
  failed ||= code
}
/** Runs `globs` on the local stack (`optional`: e.g. spark too): starts what is not running, leaves it as found. */
async function onStack(globs: string[], optional: string[]): Promise<number> {
  const config = loadConfig({
    env: { ...process.env, USER_STREAMER_LOG_LEVEL: process.env.USER_STREAMER_LOG_LEVEL ?? 'warn' }
  })
  const logger = createLogger(config)
  const stack = { config, logger, with: optional }
  const before = await servicesStatus(stack)
  const started = before.filter((s) => s.state === 'stopped').map((s) => s.name)
  const progress = (line: string): void => void process.stderr.write(`${line}\n`)
  if (started.length > 0) {
    process.stderr.write(`test: starting ${started.join(', ')} for ${globs.join(' ')}\n`)
    for (const line of await servicesUp({ ...stack, progress })) process.stderr.write(`test: ${line}\n`)
  }
  try {
    return runNodeTest(globs, 1)
  } finally {
    // A scenario that failed half-way may have left a service stopped: bring back what was running before.
    const after = await servicesStatus(stack)
    const lost = after.filter((s) => s.state === 'stopped' && !started.includes(s.name))
    if (lost.length > 0) {
      for (const line of await servicesUp({ ...stack, progress })) process.stderr.write(`test: ${line}\n`)
    }
    if (started.length > 0) {
      process.stderr.write(`test: stopping what it started: ${started.join(', ')}\n`)
      await servicesDown(stack, started)
    }
  }
}

if (which === 'integration' || which === 'all') {
  failed ||= await onStack(['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'], ['spark'])
}
if (which === 'faults') {
  rmSync(summaryFile, { force: true })
  const code = await onStack(['test/faults/**/*.test.ts'], [])
  failed ||= code
  const rows = readSummaries().sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }))
  const table = [
    '| scenario | users in | rows out | duplicates | dead-lettered | time to recover |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.usersIn.toLocaleString('en')} | ${r.rowsOut.toLocaleString('en')} | ${r.duplicates} | ${r.deadLettered} | ${r.recover} |`
    )
  ]
  process.stdout.write(
    `\nfault-injection summary (${rows.length} scenario lines, ${code === 0 ? 'all passed' : 'FAILED'}):\n`
  )
  process.stdout.write(table.join('\n') + '\n')
}
process.exitCode = failed
