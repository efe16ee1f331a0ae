import { Command } from 'commander'
import { UserStreamerError, errorMessage } from '../../errors.ts'
import { listen } from '../../http/app.ts'
import { parseDuration } from '../../ingest/ingest.ts'
import { runScheduler } from '../../scheduler/schedule.ts'
import { openRuntime, runtimeApp } from '../runtime.ts'
import { runProcessor } from '../../processor/engine.ts'
import { startRandomuserServer } from '../../source/randomuser/server.ts'
import { servicesUp } from '../../stack/stack.ts'
import type { Config } from '../../config/schema.ts'
import { settingsByPath } from '../../config/schema.ts'
import {
  addSettingOptions,
  configFrom,
  loggerFor,
  pipelineSettings,
  progressPrinter,
  stackSettings
} from '../options.ts'
import { onStopSignals } from '../signals.ts'

const defaultOf = (path: string): unknown => settingsByPath.get(path)?.defaultValue

/** Kafka and Cassandra are the local stack's unless the user pointed them elsewhere. */
function usesLocalStack(config: Config): boolean {
  return (
    JSON.stringify(config.kafka.brokers) === JSON.stringify([`127.0.0.1:${config.stack.kafka.port}`]) &&
    JSON.stringify(config.cassandra.contactPoints) === JSON.stringify([`127.0.0.1:${config.stack.cassandra.port}`])
  )
}

async function reachable(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}results=1`, {
      signal: AbortSignal.timeout(8000)
    })
    await response.body?.cancel()
    return response.ok ? undefined : `HTTP ${response.status}`
  } catch (error) {
    return errorMessage((error as Error).cause ?? error)
  }
}

export function startCommand(): Command {
  const command = new Command('start')
    .description(
      'the main job: local Kafka + Cassandra (unless configured elsewhere), the processor, a first run of stream_data_from_api (stream from the API for 60 s, like the original DAG), then the HTTP API and the user_automation schedule until Ctrl-C'
    )
    .option('--duration <time>', 'length of the ingest run', '60s')
    .option('--once', 'exit once the first run has been processed (no HTTP API, no schedule)')
  addSettingOptions(command, [
    ...pipelineSettings,
    ...stackSettings,
    'http.host',
    'http.port',
    'scheduler.cron',
    'scheduler.catchup',
    'scheduler.retries'
  ]).action(async (opts: { duration: string; once?: boolean }, cmd: Command) => {
    const durationMs = parseDuration(opts.duration)
    if (durationMs === undefined || durationMs <= 0)
      throw new UserStreamerError(
        'US_ERR_USAGE',
        `--duration: expected a time such as 60s or 5m, got "${opts.duration}"`
      )
    let config = configFrom(cmd)
    const logger = loggerFor(config, 'start')
    const say = progressPrinter()
    const { signal, dispose } = onStopSignals(logger)
    let fallback: Awaited<ReturnType<typeof startRandomuserServer>> | undefined
    try {
      if (usesLocalStack(config)) {
        for (const line of await servicesUp({ config, logger, progress: say })) say(line)
      }
      if (config.source.url === defaultOf('source.url')) {
        const problem = await reachable(config.source.url)
        if (problem) {
          fallback = await startRandomuserServer({ port: 0, logger })
          say(
            `WARNING: ${config.source.url} cannot be reached (${problem}); using the built-in randomuser-compatible server at ${fallback.apiUrl} instead — its users are generated locally. Set --source-url to choose another API.`
          )
          config = { ...config, source: { ...config.source, url: fallback.apiUrl } }
        }
      }
      const runtime = await openRuntime(config, logger)
      const app = opts.once ? undefined : runtimeApp(runtime, config)
      try {
        if (app) {
          await listen(app, config)
          say(
            `http: dashboard on http://${config.http.host}:${config.http.port}/ (API: POST /api/runs, GET /api/runs, /healthz, /readyz, /metrics)`
          )
        }
        const ingestEnded = new AbortController()
        const processing = runProcessor({
          config,
          logger,
          signal,
          metrics: runtime.metrics,
          drainSignal: opts.once ? ingestEnded.signal : undefined,
          onBatch: (rows) => runtime.hub.users(rows),
          onDeadLetter: (dead) => runtime.hub.deadLetter(dead),
          onProgress: (s) =>
            say(`process: written ${s.written}, dead-lettered ${s.deadLettered}, p99 ${Math.round(s.latency.p99)} ms`)
        })
        processing.catch(() => {})
        // A stop signal also ends the ingest run in progress (its published pages stay published); without this,
        // SIGTERM waited for the whole run (60 s by default) while the processor had already stopped.
        const stopRuns = (): void => void runtime.executor.close()
        if (signal.aborted) stopRuns()
        else signal.addEventListener('abort', stopRuns, { once: true })
        // The first run of stream_data_from_api, like the original DAG's: recorded in the run history.
        say(`ingest: streaming users from ${config.source.url} for ${opts.duration}`)
        const queued = await runtime.executor.trigger({ trigger: 'start', durationMs })
        await runtime.executor.idle()
        const run = (await runtime.store.get(queued.runId)) ?? queued
        say(
          `ingest: run ${run.state}: ${run.produced} users produced (${run.rejected} rejected)${run.error ? ` — ${run.error}` : ''}`
        )
        ingestEnded.abort()
        const scheduling = opts.once
          ? undefined
          : runScheduler({ config, logger, store: runtime.store, executor: runtime.executor, signal })
        if (scheduling)
          say(
            `schedule: DAG user_automation on "${config.scheduler.cron}" (UTC); processing until Ctrl-C; see the users with \`node src/cli/main.ts users\``
          )
        const stats = await processing
        await scheduling
        say(`process: stopped after writing ${stats.written} rows (${stats.deadLettered} dead-lettered)`)
        if (signal.aborted) process.exitCode = 130
        else if (run.state !== 'success') process.exitCode = 1
      } finally {
        await app?.close()
        await runtime.close()
      }
    } finally {
      await fallback?.close()
      dispose()
    }
  })
  return command
}
