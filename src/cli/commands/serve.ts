import { Command } from 'commander'
import { listen } from '../../http/app.ts'
import { runProcessor } from '../../processor/engine.ts'
import { addSettingOptions, configFrom, loggerFor, pipelineSettings } from '../options.ts'
import { openRuntime, runtimeApp } from '../runtime.ts'
import { onStopSignals } from '../signals.ts'

export function serveCommand(): Command {
  const command = new Command('serve')
    .description(
      'the HTTP API and the live dashboard (GET /): trigger runs (POST /api/runs), read them (GET /api/runs[/:id]), /healthz, /readyz, /metrics; with the processor unless --no-processor'
    )
    .option('--no-processor', 'do not run the processor in this process')
  addSettingOptions(command, [
    ...pipelineSettings,
    'http.host',
    'http.port',
    'scheduler.runDurationMs',
    'scheduler.retries'
  ]).action(async (opts: { processor: boolean }, cmd: Command) => {
    const config = configFrom(cmd)
    const logger = loggerFor(config, 'serve')
    const { signal, dispose } = onStopSignals(logger)
    const runtime = await openRuntime(config, logger)
    const app = runtimeApp(runtime, config)
    try {
      const port = await listen(app, config)
      process.stdout.write(`user-streamer HTTP API on http://${config.http.host}:${port}\n`)
      logger.info({ host: config.http.host, port }, 'HTTP API listening')
      const { hub } = runtime
      const processing = opts.processor
        ? runProcessor({
            config,
            logger,
            signal,
            metrics: runtime.metrics,
            onBatch: (rows) => hub.users(rows),
            onDeadLetter: (dead) => hub.deadLetter(dead)
          })
        : undefined
      await new Promise<void>((resolve) =>
        signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })
      )
      await processing
    } finally {
      await app.close()
      await runtime.close()
      dispose()
    }
  })
  return command
}
