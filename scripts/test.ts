// `npm test`: the unit suite, then the integration suite against the real local Kafka, Cassandra and Spark Connect.
// Starts what is not running and stops what it started afterwards, so things are left as they were found.
// Usage: node scripts/test.ts [unit|integration|all] [extra node --test args]
import { spawnSync } from 'node:child_process'
import { loadConfig } from '../src/config/load.ts'
import { createLogger } from '../src/observability/logger.ts'
import { servicesDown, servicesStatus, servicesUp } from '../src/stack/stack.ts'

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
if (which === 'integration' || which === 'all') {
  const config = loadConfig({
    env: { ...process.env, USER_STREAMER_LOG_LEVEL: process.env.USER_STREAMER_LOG_LEVEL ?? 'warn' }
  })
  const logger = createLogger(config)
  const stack = { config, logger, with: ['spark'] }
  const before = await servicesStatus(stack)
  const started = before.filter((s) => s.state === 'stopped').map((s) => s.name)
  const progress = (line: string): void => void process.stderr.write(`${line}\n`)
  if (started.length > 0) {
    process.stderr.write(`test: starting ${started.join(', ')} for the integration suite\n`)
    for (const line of await servicesUp({ ...stack, progress })) process.stderr.write(`test: ${line}\n`)
  }
  try {
    const code = runNodeTest(['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'], 1)
    failed ||= code
  } finally {
    if (started.length > 0) {
      process.stderr.write(`test: stopping what it started: ${started.join(', ')}\n`)
      await servicesDown(stack, started)
    }
  }
}
process.exitCode = failed
