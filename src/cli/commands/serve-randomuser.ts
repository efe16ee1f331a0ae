import { Command, Option } from 'commander'
import { UserStreamerError } from '../../errors.ts'
import { startRandomuserServer } from '../../source/randomuser/server.ts'
import { addSettingOptions, configFrom, loggerFor } from '../options.ts'
import { onStopSignals } from '../signals.ts'

/** Default port: clear of the usual dev-server ports (3000, 8080) and of the local stack (9092/9093, 9042/7000). */
export const SERVE_RANDOMUSER_PORT = 3100

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserStreamerError('US_ERR_USAGE', `--port: expected a port 0..65535 (0 = any free port), got "${value}"`)
  }
  return port
}

export function serveRandomuserCommand(): Command {
  const command = new Command('serve-randomuser')
    .description(
      'a local randomuser.me API v1.4 (same URLs, parameters and errors; users generated deterministically from seed/page); prints its API URL for --source-url'
    )
    .addOption(
      new Option('--port <n>', 'port to listen on; 0 for any free port')
        .default(SERVE_RANDOMUSER_PORT)
        .argParser(parsePort)
    )
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .option('--compression', 'gzip responses when the client accepts it, like the real API (costs CPU)')
    .option('--rate-limit', "enforce the real API's limit: 20,000 users per client per 5 minutes, then HTTP 429")
  addSettingOptions(command, ['log.level', 'log.pretty']).action(
    async (opts: { port: number; host: string; compression?: boolean; rateLimit?: boolean }, cmd: Command) => {
      const config = configFrom(cmd)
      const logger = loggerFor(config, 'serve-randomuser')
      const { signal, dispose } = onStopSignals(logger)
      try {
        const server = await startRandomuserServer({
          port: opts.port,
          host: opts.host,
          logger,
          compression: opts.compression === true,
          ...(opts.rateLimit ? { rateLimit: { users: 20_000, windowMs: 300_000 } } : {})
        })
        process.stdout.write(`${server.apiUrl}\n`)
        logger.info({ url: server.apiUrl }, 'randomuser server listening')
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
        await server.close()
        logger.info({ ...server.stats }, 'randomuser server stopped')
      } finally {
        dispose()
      }
    }
  )
  return command
}
