// The one configuration schema. Defaults live here; env var names and CLI flags are derived from the paths
// (kafka.brokers <-> USER_STREAMER_KAFKA_BROKERS <-> --kafka-brokers), so they can never drift apart.
import { z } from 'zod'

const hostPort = z
  .string()
  .regex(/^[^\s:/]+:\d{1,5}$/, { message: 'expected "host:port" — add a port, e.g. 127.0.0.1:9092' })
const port = z
  .number({ message: 'expected a port number' })
  .int('expected a whole number')
  .min(1, 'expected a port between 1 and 65535')
  .max(65535, 'expected a port between 1 and 65535')
const heap = z.string().regex(/^\d+[mMgG]$/, { message: 'expected a JVM heap size such as 512m or 1g' })
const name = z.string().regex(/^[A-Za-z0-9._-]+$/, { message: 'expected letters, digits, ".", "_" or "-"' })
const cqlName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,47}$/, { message: 'expected a lower-case CQL name: a letter, then letters, digits or _' })
const positiveInt = z.number({ message: 'expected a number' }).int('expected a whole number').positive('expected > 0')
const durationMs = z.number({ message: 'expected milliseconds' }).int('expected whole milliseconds').positive()

// Secret settings (passwords, tokens) are the one notion every redaction derives from: `config` output, logs,
// errors, HTTP responses and metrics never show their values. Each can also be read from a file named by
// `<ENV>_FILE` (Docker/Kubernetes secrets), see load.ts.
const secretTypes = new WeakSet<z.ZodType>()
function secret(description: string) {
  const inner = z.string()
  secretTypes.add(inner)
  return inner.default('').describe(description)
}
const filePath = z.string()
const consistencyLevels = [
  'auto',
  'any',
  'one',
  'two',
  'three',
  'quorum',
  'all',
  'local_quorum',
  'each_quorum',
  'local_one'
] as const
/** "dc:rf" pairs for NetworkTopologyStrategy. */
const dcReplication = z.string().regex(/^[A-Za-z0-9._-]+:[1-9]\d?$/, {
  message: 'expected "datacenter:replicas" pairs such as dc1:3,dc2:3'
})

export const configSchema = z.strictObject({
  log: z
    .strictObject({
      level: z
        .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
        .default('info')
        .describe('log level of the structured (JSON, stderr) log'),
      pretty: z.boolean().default(false).describe('human-readable logs instead of JSON lines')
    })
    .prefault({}),
  kafka: z
    .strictObject({
      brokers: z
        .array(hostPort)
        .min(1, 'expected at least one broker')
        .default(['127.0.0.1:9092'])
        .describe('bootstrap brokers'),
      clientId: name.default('user-streamer').describe('client id sent to the brokers'),
      topic: name.default('users_created').describe('topic the users are published to'),
      dlqTopic: name.default('users_created.dlq').describe('dead-letter topic for records that cannot be stored'),
      partitions: positiveInt.default(3).describe('partitions of the topic when user-streamer creates it'),
      replicationFactor: positiveInt.default(1).describe('replication factor of created topics'),
      groupId: name.default('user-streamer-processor').describe('consumer group of the processor'),
      ssl: z
        .strictObject({
          enabled: z.boolean().default(false).describe('connect to the brokers over TLS (SSL or SASL_SSL)'),
          ca: filePath.default('').describe("PEM CA bundle that signed the brokers' certificates (empty: system CAs)"),
          cert: filePath.default('').describe('PEM client certificate (mutual TLS), optional'),
          key: filePath.default('').describe('PEM private key of the client certificate'),
          keyPassword: secret('passphrase of the client private key, if encrypted'),
          serverName: z.string().default('').describe('TLS server name (SNI) to send; empty: the broker host')
        })
        .prefault({}),
      sasl: z
        .strictObject({
          mechanism: z
            .enum(['none', 'plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'])
            .default('none')
            .describe('SASL mechanism (none: no authentication)'),
          username: z.string().default('').describe('SASL user name (PLAIN, SCRAM)'),
          password: secret('SASL password (PLAIN, SCRAM)'),
          token: secret('OAUTHBEARER token (a JWT from your identity provider)')
        })
        .prefault({})
    })
    .prefault({}),
  cassandra: z
    .strictObject({
      contactPoints: z
        .array(hostPort)
        .min(1, 'expected at least one contact point')
        .default(['127.0.0.1:9042'])
        .describe('Cassandra contact points'),
      localDataCenter: z.string().min(1).default('datacenter1').describe('local data centre of the driver'),
      keyspace: cqlName.default('spark_streams').describe('keyspace (created if missing)'),
      table: cqlName.default('created_users').describe('table (created if missing)'),
      replicationFactor: positiveInt.default(1).describe('SimpleStrategy replication factor of a created keyspace'),
      replication: z
        .array(dcReplication)
        .default([])
        .describe('per-DC replication of a created keyspace (NetworkTopologyStrategy), e.g. dc1:3,dc2:3'),
      consistency: z
        .enum(consistencyLevels)
        .default('auto')
        .describe('consistency of reads and writes (auto: local_quorum when replication > 1, else local_one)'),
      username: z.string().default('').describe('user name (PasswordAuthenticator); empty: no authentication'),
      password: secret('password of cassandra.username'),
      ssl: z
        .strictObject({
          enabled: z.boolean().default(false).describe('connect over TLS (client_encryption_options)'),
          ca: filePath.default('').describe("PEM CA bundle that signed the nodes' certificates (empty: system CAs)"),
          cert: filePath.default('').describe('PEM client certificate (require_client_auth), optional'),
          key: filePath.default('').describe('PEM private key of the client certificate'),
          keyPassword: secret('passphrase of the client private key, if encrypted'),
          verifyHostname: z
            .boolean()
            .default(true)
            .describe("check that a node's certificate names the address it is reached at")
        })
        .prefault({})
    })
    .prefault({}),
  spark: z
    .strictObject({
      remote: z
        .string()
        .regex(/^sc:\/\/[^\s:/;]+(:\d{1,5})?\/?$/, {
          message: 'expected a Spark Connect URL such as sc://127.0.0.1:15002'
        })
        .default('sc://127.0.0.1:15002')
        .describe('Spark Connect server the spark engine submits its streaming query to'),
      checkpoint: z
        .string()
        .default('')
        .describe(
          'checkpoint location on the Spark server (empty: <stack.dir>/spark/checkpoints/<topic>-<keyspace>.<table>, for a local server)'
        ),
      trigger: z
        .string()
        .regex(/^\d+(\.\d+)?\s*(milliseconds?|ms|seconds?|s|minutes?|m)$/i, {
          message: 'expected a processing-time interval such as "1 second" or "500 milliseconds"'
        })
        .default('1 second')
        .describe('processing-time trigger of the spark engine (one micro-batch per interval)'),
      maxOffsetsPerTrigger: z
        .number()
        .int()
        .min(0)
        .default(0)
        .describe('most Kafka messages one micro-batch reads (0: no limit)'),
      pollMs: durationMs
        .default(1000)
        .describe('how often the spark engine polls query status and progress (also keeps the session alive)')
    })
    .prefault({}),
  source: z
    .strictObject({
      url: z
        .url({ message: 'expected an http(s) URL such as https://randomuser.me/api/' })
        .default('https://randomuser.me/api/')
        .describe('randomuser API v1.4 endpoint (or the built-in server)'),
      batchSize: positiveInt
        .max(5000, 'the API serves at most 5000 results per request')
        .default(500)
        .describe('users per request (results=)'),
      timeoutMs: durationMs.default(15_000).describe('timeout of one HTTP request'),
      retries: z.number().int().min(0).max(100).default(5).describe('retries of a failed request (network, 5xx, 429)'),
      backoffMs: durationMs.default(500).describe('first retry delay; doubles each attempt, with jitter'),
      backoffMaxMs: durationMs.default(30_000).describe('largest retry delay'),
      requestsPerSecond: z
        .number()
        .positive('expected > 0')
        .default(0.1)
        .describe('request rate limit towards the API (randomuser.me allows 20,000 users per 5 minutes)'),
      nat: z
        .array(z.string().regex(/^[A-Za-z]{2}$/, { message: 'expected two-letter nationality codes such as us,gb' }))
        .default([])
        .describe('nationalities (nat=), empty for all'),
      gender: z.enum(['any', 'male', 'female']).default('any').describe('gender filter (gender=)'),
      seed: z
        .string()
        .regex(/^[A-Za-z0-9_-]*$/, { message: 'expected letters, digits, "_" or "-"' })
        .default('')
        .describe('seed for reproducible users (seed=); empty for random')
    })
    .prefault({}),
  http: z
    .strictObject({
      host: z
        .string()
        .min(1)
        .default('127.0.0.1')
        .describe('address the HTTP API binds (loopback unless told otherwise)'),
      port: port.default(8080).describe('port of the HTTP API (runs, health, metrics)'),
      token: secret(
        'bearer token the mutating endpoints (POST) require; mandatory when http.host is not a loopback address'
      )
    })
    .prefault({}),
  scheduler: z
    .strictObject({
      cron: z
        .string()
        .min(1)
        .default('@daily')
        .describe('schedule of the user_automation DAG (cron expression or @daily/@hourly)'),
      runDurationMs: durationMs.default(60_000).describe('how long one stream_data_from_api run streams from the API'),
      catchup: z.boolean().default(false).describe('run missed schedule ticks after a pause'),
      retries: z.number().int().min(0).max(20).default(2).describe('retries of a failed run, with backoff')
    })
    .prefault({}),
  stack: z
    .strictObject({
      dir: z.string().min(1).default('.user-streamer').describe('directory for the local stack: artifacts, data, logs'),
      startTimeoutMs: durationMs.default(180_000).describe('how long `services up` waits for readiness'),
      secure: z
        .boolean()
        .default(false)
        .describe('the secured variant: Kafka SASL_SSL, Cassandra TLS + passwords, in <stack.dir>/secure'),
      kafka: z
        .strictObject({
          port: port.default(9092).describe('local Kafka broker port'),
          controllerPort: port.default(9093).describe('local KRaft controller port'),
          heap: heap.default('512m').describe('local Kafka JVM heap')
        })
        .prefault({}),
      cassandra: z
        .strictObject({
          port: port.default(9042).describe('local Cassandra CQL port'),
          storagePort: port.default(7000).describe('local Cassandra inter-node port'),
          heap: heap.default('1g').describe('local Cassandra JVM heap')
        })
        .prefault({}),
      spark: z
        .strictObject({
          port: port.default(15002).describe('local Spark Connect server port (`services up --with spark`)'),
          heap: heap.default('1g').describe('local Spark driver JVM heap')
        })
        .prefault({})
    })
    .prefault({})
})

export type Config = z.output<typeof configSchema>
export type ConfigInput = z.input<typeof configSchema>

export const ENV_PREFIX = 'USER_STREAMER_'

export type SettingKind = 'string' | 'number' | 'boolean' | 'list'

export interface Setting {
  /** Dotted path, e.g. "kafka.brokers". */
  path: string
  env: string
  flag: string
  kind: SettingKind
  defaultValue: unknown
  description: string
  choices?: readonly string[]
  /** A password or token: never printed, logged or returned (see src/config/secrets.ts). */
  secret: boolean
}

function snake(segment: string): string {
  return segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()
}

function kebab(segment: string): string {
  return segment.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

export function envName(path: string): string {
  return ENV_PREFIX + path.split('.').map(snake).join('_')
}

export function flagName(path: string): string {
  return '--' + path.split('.').map(kebab).join('-')
}

/** Every leaf setting of the schema, in declaration order. */
export const settings: readonly Setting[] = (() => {
  const out: Setting[] = []
  const walk = (schema: z.ZodType, path: string[]): void => {
    let inner: z.ZodType = schema
    let defaultValue: unknown
    let description = schema.description ?? ''
    // Peel wrappers until the real type shows.
    for (;;) {
      if (inner instanceof z.ZodDefault) {
        defaultValue = inner.def.defaultValue
        inner = inner.unwrap() as z.ZodType
      } else if (inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) {
        inner = inner.unwrap() as z.ZodType
      } else break
      description ||= inner.description ?? ''
    }
    if (inner instanceof z.ZodObject) {
      for (const [key, child] of Object.entries(inner.shape)) walk(child as z.ZodType, [...path, key])
      return
    }
    const dotted = path.join('.')
    const kind: SettingKind =
      inner instanceof z.ZodArray
        ? 'list'
        : inner instanceof z.ZodNumber
          ? 'number'
          : inner instanceof z.ZodBoolean
            ? 'boolean'
            : 'string'
    const setting: Setting = {
      path: dotted,
      env: envName(dotted),
      flag: flagName(dotted),
      kind,
      defaultValue,
      description,
      secret: secretTypes.has(inner)
    }
    if (inner instanceof z.ZodEnum) setting.choices = inner.options as string[]
    out.push(setting)
  }
  walk(configSchema, [])
  return out
})()

export const settingsByEnv: ReadonlyMap<string, Setting> = new Map(settings.map((s) => [s.env, s]))
export const settingsByPath: ReadonlyMap<string, Setting> = new Map(settings.map((s) => [s.path, s]))
/** The secret settings' paths, e.g. "kafka.sasl.password". */
export const secretPaths: readonly string[] = settings.filter((s) => s.secret).map((s) => s.path)
