// `npm test`: the unit suite, then the integration suite against the real local Kafka and Cassandra.
// Starts the stack when it is not running and stops it afterwards, so things are left as they were found.
// `faults` runs the fault-injection suite (test/faults/) the same way, then prints its summary table; it leaves
// the stack up if it found it up (the scenarios stop and restart Kafka and Cassandra) and down otherwise.
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
/** Runs `globs` on the local stack: starts it when it is not running, and leaves it as it was found. */
async function onStack(globs: string[]): Promise<number> {
  const config = loadConfig({
    env: { ...process.env, USER_STREAMER_LOG_LEVEL: process.env.USER_STREAMER_LOG_LEVEL ?? 'warn' }
  })
  const logger = createLogger(config)
  const statuses = await servicesStatus({ config, logger })
  const alreadyRunning = statuses.every((s) => s.state === 'ready')
  const progress = (line: string): void => void process.stderr.write(`${line}\n`)
  if (!alreadyRunning) {
    process.stderr.write(`test: starting the local stack (Kafka + Cassandra) for ${globs.join(' ')}\n`)
    for (const line of await servicesUp({ config, logger, progress })) process.stderr.write(`test: ${line}\n`)
  }
  try {
    return runNodeTest(globs, 1)
  } finally {
    if (alreadyRunning) {
      // A scenario that failed half-way may have left a service stopped: bring it back as it was.
      for (const line of await servicesUp({ config, logger, progress })) process.stderr.write(`test: ${line}\n`)
    } else {
      process.stderr.write('test: stopping the local stack it started\n')
      await servicesDown({ config, logger })
    }
  }
}

if (which === 'integration' || which === 'all') {
  failed ||= await onStack(['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'])
}
if (which === 'faults') {
  rmSync(summaryFile, { force: true })
  const code = await onStack(['test/faults/**/*.test.ts'])
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
