// Structured logging: one pino root per process, written to stderr so stdout stays clean for data (--json).
// Components take a child: logger.child({ component: 'sink' }).
import { pino, type Logger } from 'pino'
import { type Config, secretPaths } from '../config/schema.ts'
import { REDACTED, scrub } from '../config/secrets.ts'

export type { Logger }

/** Fields that never reach a log line, wherever they appear (second line of defence after scrub()). */
export const redactPaths: readonly string[] = [
  ...['password', 'token', 'keyPassword', 'passphrase', 'authorization', 'sasl', 'authProvider'].flatMap((key) => [
    key,
    `*.${key}`
  ]),
  'headers.authorization',
  'req.headers.authorization',
  ...secretPaths.map((path) => `config.${path}`)
]

export function createLogger(config: Pick<Config, 'log'>, bindings: Record<string, unknown> = {}): Logger {
  const options = {
    level: config.log.level,
    base: { pid: process.pid, ...bindings },
    redact: { paths: [...redactPaths], censor: REDACTED },
    // Every line, whatever its shape, loses the values of the secrets loaded in this process.
    hooks: { streamWrite: scrub }
  }
  if (config.log.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2, colorize: false } } })
  }
  return pino(options, pino.destination({ dest: 2, sync: true }))
}

/** A logger that drops everything: for pure code paths and unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
