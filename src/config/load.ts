// Config precedence: schema defaults < USER_STREAMER_* env vars < CLI flags. Every problem is reported at once,
// each with the setting's path, where the value came from, what was expected and what arrived.
import { readFileSync } from 'node:fs'
import { type z } from 'zod'
import { UserStreamerError, errorMessage } from '../errors.ts'
import { REDACTED, registerSecrets } from './secrets.ts'
import { type Config, ENV_PREFIX, type Setting, configSchema, settingsByEnv, settingsByPath } from './schema.ts'

export interface LoadOptions {
  env?: NodeJS.ProcessEnv
  /** Values by dotted path (e.g. "kafka.brokers"), as given on the command line. */
  flags?: Record<string, unknown>
}

type Origin = { from: 'env'; name: string } | { from: 'flag'; name: string }

/** Suffix of the env var that names a file holding a secret setting's value (Docker/Kubernetes secrets). */
export const FILE_SUFFIX = '_FILE'

/** A secret file's content, without the one trailing newline editors and `echo` add. */
function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '')
}

function coerce(setting: Setting, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw
  const text = raw.trim()
  switch (setting.kind) {
    case 'number':
      return text === '' || !/^-?\d+(\.\d+)?$/.test(text) ? text : Number(text)
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(text)) return true
      if (/^(false|0|no|off)$/i.test(text)) return false
      return text
    case 'list':
      return text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
    default:
      return text
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let node = target
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {}
    node = node[key] as Record<string, unknown>
  }
  node[keys.at(-1) as string] = value
}

function getPath(target: unknown, path: (string | number | symbol)[]): unknown {
  let node = target
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string | number | symbol, unknown>)[key]
  }
  return node
}

function describeOrigin(origin: Origin | undefined): string {
  if (!origin) return ''
  return origin.from === 'env' ? ` (env ${origin.name})` : ` (flag ${origin.name})`
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    ''
  )
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env
  const input: Record<string, unknown> = {}
  const origins = new Map<string, Origin>()
  const problems: string[] = []

  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue
    const fileOf = name.endsWith(FILE_SUFFIX) ? settingsByEnv.get(name.slice(0, -FILE_SUFFIX.length)) : undefined
    if (fileOf?.secret) {
      if (env[fileOf.env] !== undefined) {
        problems.push(`config.${fileOf.path}: both env ${fileOf.env} and env ${name} are set — keep only one`)
        continue
      }
      try {
        setPath(input, fileOf.path, readSecretFile(raw))
        origins.set(fileOf.path, { from: 'env', name })
      } catch (error) {
        problems.push(
          `config.${fileOf.path} (env ${name}): cannot read the secret file: ${errorMessage(error)} — point ${name} at a readable file holding the value`
        )
      }
      continue
    }
    const setting = settingsByEnv.get(name)
    if (!setting) {
      problems.push(
        `unknown setting env ${name} — remove it or use one of the names in \`user-streamer config --list\``
      )
      continue
    }
    setPath(input, setting.path, coerce(setting, raw))
    origins.set(setting.path, { from: 'env', name })
  }

  for (const [path, raw] of Object.entries(options.flags ?? {})) {
    if (raw === undefined) continue
    const setting = settingsByPath.get(path)
    if (!setting) {
      problems.push(`unknown setting ${path} — see \`user-streamer config --list\``)
      continue
    }
    setPath(input, setting.path, coerce(setting, raw))
    origins.set(setting.path, { from: 'flag', name: setting.flag })
  }

  const result = configSchema.safeParse(input)
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(formatIssue(issue, input, origins))
  } else {
    problems.push(...crossChecks(result.data))
  }
  if (problems.length > 0) {
    throw new UserStreamerError('US_ERR_CONFIG', `invalid configuration: ${problems.join('; ')}`, {
      details: { problems }
    })
  }
  const config = (result as { data: Config }).data
  registerSecrets(config)
  return deepFreeze(config)
}

const hintFor = (path: string): string => {
  const setting = settingsByPath.get(path)
  if (!setting) return path
  return setting.secret ? `${setting.env} or ${setting.env}${FILE_SUFFIX}` : `${setting.env} or ${setting.flag}`
}

/** Settings that only make sense together. */
function crossChecks(config: Config): string[] {
  const problems: string[] = []
  const { sasl, ssl } = config.kafka
  if ((sasl.mechanism === 'plain' || sasl.mechanism.startsWith('scram')) && (!sasl.username || !sasl.password)) {
    const missing = !sasl.username ? 'kafka.sasl.username' : 'kafka.sasl.password'
    problems.push(
      `config.${missing}: kafka.sasl.mechanism ${sasl.mechanism} needs a user name and a password — set ${hintFor(missing)}`
    )
  }
  if (sasl.mechanism === 'oauthbearer' && !sasl.token) {
    problems.push(
      `config.kafka.sasl.token: kafka.sasl.mechanism oauthbearer needs a token — set ${hintFor('kafka.sasl.token')}`
    )
  }
  const { cassandra } = config
  if (Boolean(cassandra.username) !== Boolean(cassandra.password)) {
    const missing = cassandra.username ? 'cassandra.password' : 'cassandra.username'
    problems.push(`config.${missing}: cassandra.username and cassandra.password go together — set ${hintFor(missing)}`)
  }
  for (const [prefix, tls] of [
    ['kafka.ssl', ssl],
    ['cassandra.ssl', cassandra.ssl]
  ] as const) {
    if (Boolean(tls.cert) !== Boolean(tls.key)) {
      const missing = tls.cert ? `${prefix}.key` : `${prefix}.cert`
      problems.push(
        `config.${missing}: a client certificate needs its private key and vice versa — set ${hintFor(missing)}`
      )
    }
    if (!tls.enabled && (tls.ca || tls.cert)) {
      problems.push(
        `config.${prefix}.enabled: ${prefix}.ca/cert are set but TLS is off — set ${hintFor(`${prefix}.enabled`)} to true`
      )
    }
  }
  return problems
}

function formatIssue(issue: z.core.$ZodIssue, input: unknown, origins: Map<string, Origin>): string {
  const leafPath = issue.path.filter((key) => typeof key === 'string').join('.')
  const where = `config.${formatPath(issue.path)}${describeOrigin(origins.get(leafPath))}`
  if (issue.code === 'unrecognized_keys') return `${where}: unknown key(s) ${issue.keys.join(', ')} — remove them`
  const got = getPath(input, issue.path)
  const setting = settingsByPath.get(leafPath)
  const gotText = got === undefined ? 'nothing' : setting?.secret ? REDACTED : JSON.stringify(got)
  const choices = setting?.choices ? ` — use one of ${setting.choices.join(', ')}` : ''
  return `${where}: got ${gotText}, ${issue.message}${choices}`
}
