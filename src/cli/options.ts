// CLI flags are derived from the config schema: a command lists the setting paths it accepts, and each becomes
// `--<kebab-path> <value>` with the schema's description and default. Flags beat env vars, which beat defaults.
import { type Command, Option } from 'commander'
import { loadConfig } from '../config/load.ts'
import { UserStreamerError } from '../errors.ts'
import { type Config, settingsByPath } from '../config/schema.ts'
import { type Logger, createLogger } from '../observability/logger.ts'

const attribute = (flag: string): string =>
  flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

export function addSettingOptions(command: Command, paths: readonly string[]): Command {
  for (const path of paths) {
    const setting = settingsByPath.get(path)
    if (!setting) throw new Error(`no setting ${path} in the config schema`)
    // Secrets have no flag: a command line is visible to every user of the machine (ps). Env or <ENV>_FILE only.
    if (setting.secret) continue
    const shown = Array.isArray(setting.defaultValue) ? setting.defaultValue.join(',') : String(setting.defaultValue)
    const option = new Option(
      `${setting.flag} <${setting.kind === 'list' ? 'a,b' : setting.kind === 'number' ? 'n' : 'value'}>`,
      `${setting.description} (env ${setting.env}, default ${shown})`
    )
    if (setting.choices) option.choices(setting.choices)
    command.addOption(option)
  }
  return command
}

export const commonSettings = ['log.level', 'log.pretty', 'stack.dir'] as const
export const kafkaSettings = [
  'kafka.brokers',
  'kafka.clientId',
  'kafka.topic',
  'kafka.dlqTopic',
  'kafka.partitions',
  'kafka.replicationFactor',
  'kafka.groupId',
  'kafka.ssl.enabled',
  'kafka.ssl.ca',
  'kafka.ssl.cert',
  'kafka.ssl.key',
  'kafka.ssl.serverName',
  'kafka.sasl.mechanism',
  'kafka.sasl.username'
] as const
export const cassandraSettings = [
  'cassandra.contactPoints',
  'cassandra.localDataCenter',
  'cassandra.keyspace',
  'cassandra.table',
  'cassandra.replicationFactor',
  'cassandra.replication',
  'cassandra.consistency',
  'cassandra.username',
  'cassandra.ssl.enabled',
  'cassandra.ssl.ca',
  'cassandra.ssl.cert',
  'cassandra.ssl.key',
  'cassandra.ssl.verifyHostname'
] as const
export const sourceSettings = [
  'source.url',
  'source.batchSize',
  'source.timeoutMs',
  'source.retries',
  'source.backoffMs',
  'source.backoffMaxMs',
  'source.requestsPerSecond',
  'source.nat',
  'source.gender',
  'source.seed'
] as const
/** The spark engine's settings; `--checkpoint` and `--trigger` are short aliases of the last two. */
export const sparkSettings = [
  'spark.remote',
  'spark.maxOffsetsPerTrigger',
  'spark.pollMs',
  'spark.checkpoint',
  'spark.trigger'
] as const
/** What every pipeline command accepts, so one set of flags works with all of them. */
export const pipelineSettings = [...commonSettings, ...kafkaSettings, ...cassandraSettings, ...sourceSettings] as const

export const stackSettings = [
  'stack.startTimeoutMs',
  'stack.secure',
  'stack.kafka.port',
  'stack.kafka.controllerPort',
  'stack.kafka.heap',
  'stack.cassandra.port',
  'stack.cassandra.storagePort',
  'stack.cassandra.heap',
  'stack.spark.port',
  'stack.spark.heap'
] as const

/**
 * Collects the setting flags a command was given (by config path) and loads the validated config. `aliases` are
 * values set by a command's own flags, by config path (e.g. process --checkpoint for spark.checkpoint, services
 * --secure for stack.secure); undefined ones are ignored.
 */
export function configFrom(command: Command, aliases: Record<string, unknown> = {}): Config {
  const values = command.optsWithGlobals() as Record<string, unknown>
  const flags: Record<string, unknown> = {}
  for (const [path, value] of Object.entries(aliases)) if (value !== undefined) flags[path] = value
  for (const [path, setting] of settingsByPath) {
    const value = values[attribute(setting.flag)]
    if (value !== undefined) flags[path] = value
  }
  return loadConfig({ env: process.env, flags })
}

export function loggerFor(config: Config, command: string): Logger {
  return createLogger(config, { command })
}

/** Progress for humans on stderr; silent when stdout is data (--json) and not a terminal. */
export function progressPrinter(): (line: string) => void {
  let last = ''
  return (line) => {
    // A periodic report that has not changed is not worth another line.
    if (line === last) return
    last = line
    process.stderr.write(`${line}\n`)
  }
}

/** `--limit N`: a whole number from 1 to `max`, or a usage error saying so. */
export function parseLimit(text: string, max: number): number {
  const limit = Number(text)
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new UserStreamerError('US_ERR_USAGE', `--limit: expected a whole number from 1 to ${max}, got "${text}"`)
  }
  return limit
}
