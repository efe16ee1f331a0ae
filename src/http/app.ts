// The HTTP API (fastify): trigger a run, get one, list them; /healthz (process up) and /readyz (Kafka and
// Cassandra answer); the live dashboard at / (src/http/dashboard/). JSON in and out; bodies validated by JSON schema
// with a size limit; errors are one line.
import { createHash, timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'
import { Admin } from '@platformatic/kafka'
import Fastify, { type FastifyInstance } from 'fastify'
import { kafkaConnection } from '../broker/kafka/connection.ts'
import { scrub } from '../config/secrets.ts'
import type { Config } from '../config/schema.ts'
import { UserStreamerError, errorMessage } from '../errors.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { CassandraClient } from '../sink/cassandra/client.ts'
import type { RunExecutor } from '../scheduler/executor.ts'
import type { RunStore } from '../scheduler/history.ts'
import { DashboardHub } from './dashboard/hub.ts'
import { registerDashboard } from './dashboard/routes.ts'

export interface AppOptions {
  config: Config
  store: RunStore
  executor: RunExecutor
  cassandra: CassandraClient
  metrics?: Metrics
  /** The dashboard's event hub, fed by the processor and the executor; without one, a hub of the app's own. */
  hub?: DashboardHub
}

const runRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    durationSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 86_400 },
    count: { type: 'integer', minimum: 1, maximum: 10_000_000 },
    source: { type: 'string', pattern: '^https?://[^\\s]+$', maxLength: 2048 },
    seed: { type: 'string', pattern: '^[A-Za-z0-9_-]{0,64}$' },
    logicalDate: { type: 'string', format: 'date-time' },
    trigger: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' }
  }
} as const

interface RunRequestBody {
  durationSeconds?: number
  count?: number
  source?: string
  seed?: string
  logicalDate?: string
  trigger?: string
}

/** Binding beyond loopback without a token would let anyone on the network trigger runs. */
export function assertSafeBind(config: Config): void {
  if (isLoopback(config.http.host) || config.http.token) return
  throw new UserStreamerError(
    'US_ERR_CONFIG',
    `invalid configuration: config.http.token: the HTTP API would listen on ${config.http.host}, reachable from other machines, without a token`,
    {
      hint: 'set USER_STREAMER_HTTP_TOKEN (or USER_STREAMER_HTTP_TOKEN_FILE) so POST requests need "Authorization: Bearer <token>", or keep http.host at 127.0.0.1'
    }
  )
}

async function kafkaReady(config: Config): Promise<boolean> {
  const admin = new Admin({
    clientId: `${config.kafka.clientId}-readyz`,
    ...kafkaConnection(config),
    retries: 0,
    timeout: 2000
  })
  try {
    await admin.metadata({ topics: [] })
    return true
  } catch {
    return false
  } finally {
    await admin.close().catch(() => {})
  }
}

async function cassandraReady(client: CassandraClient): Promise<boolean> {
  try {
    await client.execute('SELECT release_version FROM system.local', [], { readTimeout: 2000 })
    return true
  } catch {
    return false
  }
}

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const BODY_LIMIT = 16 * 1024

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost' || bare === '::1') return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  return bare.startsWith('::ffff:127.')
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** Constant-time comparison of "Bearer <token>" with the configured token. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match !== null && timingSafeEqual(digest(match[1] ?? ''), digest(token))
}

export function buildApp(options: AppOptions): FastifyInstance {
  const { config, store, executor } = options
  // Unknown body fields are rejected (fastify's default would strip them silently).
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, ajv: { customOptions: { removeAdditional: false } } })

  // Mutating requests need the bearer token when one is configured (and one must be when the API is reachable from
  // other machines: see listen()). Reads stay open: health, metrics, the dashboard.
  const token = config.http.token
  app.addHook('onRequest', async (request, reply) => {
    if (!token || request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return
    if (!tokenMatches(request.headers.authorization, token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="user-streamer"')
        .send({ error: 'missing or wrong bearer token — send the header "Authorization: Bearer <http.token>"' })
    }
  })
  // Last line of defence: no response body carries a secret value.
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' ? scrub(payload) : payload))

  app.setErrorHandler((error: { statusCode?: number; validation?: unknown; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    const message = error.validation
      ? `invalid request: ${error.message}`
      : status === 500
        ? `internal error: ${errorMessage(error)}`
        : error.message
    void reply.code(status).send({ error: message.replace(/\s*\n\s*/g, ' ') })
  })
  app.setNotFoundHandler(
    (request, reply) => void reply.code(404).send({ error: `no route ${request.method} ${request.url}` })
  )

  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_request, reply) => {
    const [kafka, cassandra] = await Promise.all([kafkaReady(config), cassandraReady(options.cassandra)])
    const ready = kafka && cassandra
    return reply.code(ready ? 200 : 503).send({ ready, kafka, cassandra })
  })

  const metrics = options.metrics
  if (metrics) {
    app.get('/metrics', async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())
    )
  }

  const hub = options.hub ?? new DashboardHub(metrics ? { metrics } : {})
  if (!options.hub) app.addHook('onClose', async () => hub.close())
  registerDashboard(app, { hub })

  app.post<{ Body: RunRequestBody | undefined }>(
    '/api/runs',
    { schema: { body: runRequestSchema } },
    async (request, reply) => {
      const body = request.body ?? {}
      const run = await executor.trigger({
        trigger: body.trigger ?? 'api',
        ...(body.logicalDate ? { logicalDate: new Date(body.logicalDate) } : {}),
        ...(body.durationSeconds === undefined ? {} : { durationMs: Math.round(body.durationSeconds * 1000) }),
        ...(body.count === undefined ? {} : { count: body.count }),
        ...(body.source ? { source: body.source } : {}),
        ...(body.seed ? { seed: body.seed } : {})
      })
      return reply.code(202).send(run)
    }
  )

  app.get<{ Params: { runId: string } }>('/api/runs/:runId', async (request, reply) => {
    const run = await store.get(request.params.runId)
    if (!run) return reply.code(404).send({ error: `no run ${request.params.runId}` })
    return run
  })

  app.get<{ Querystring: { limit?: number } }>(
    '/api/runs',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } }
        }
      }
    },
    async (request) => ({ runs: await store.list(request.query.limit ?? 50) })
  )
  return app
}

/** Listens on http.host:http.port; a port in use is one clear error. Resolves with the port bound. */
export async function listen(app: FastifyInstance, config: Config): Promise<number> {
  assertSafeBind(config)
  try {
    await app.listen({ host: config.http.host, port: config.http.port })
  } catch (error) {
    throw new UserStreamerError(
      'US_ERR_PORT_TAKEN',
      `cannot listen on ${config.http.host}:${config.http.port}: ${errorMessage(error)}`,
      {
        hint: 'choose another port with --http-port or USER_STREAMER_HTTP_PORT'
      }
    )
  }
  const address = app.server.address()
  return typeof address === 'object' && address ? address.port : config.http.port
}
