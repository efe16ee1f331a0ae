// Structured logging: one pino root per process, written to stderr so stdout stays clean for data (--json).
// Components take a child: logger.child({ component: 'sink' }).
import { pino, type Logger } from 'pino'
import type { Config } from '../config/schema.ts'

export type { Logger }

export function createLogger(config: Pick<Config, 'log'>, bindings: Record<string, unknown> = {}): Logger {
  const options = { level: config.log.level, base: { pid: process.pid, ...bindings } }
  if (config.log.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2, colorize: false } } })
  }
  return pino(options, pino.destination({ dest: 2, sync: true }))
}

/** A logger that drops everything: for pure code paths and unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
