// The HTTP API's guards: bearer token on mutating endpoints, loopback unless a token is set, validated and bounded
// bodies, no secret in any response. Built with fakes for the run store and executor (no Kafka or Cassandra).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../../src/config/load.ts'
import { UserStreamerError } from '../../../src/errors.ts'
import { BODY_LIMIT, assertSafeBind, buildApp, isLoopback } from '../../../src/http/app.ts'
import { createMetrics } from '../../../src/observability/metrics.ts'
import type { AppOptions } from '../../../src/http/app.ts'

const TOKEN = 'http-token-for-tests-0123'

function app(env: Record<string, string> = {}) {
  const config = loadConfig({ env })
  const triggered: unknown[] = []
  const executor = {
    async trigger(request: unknown) {
      triggered.push(request)
      return { runId: 'r1', state: 'queued', error: `failed with ${TOKEN}` }
    },
    async close() {}
  }
  const store = {
    async get() {},
    async list() {
      return []
    }
  }
  const metrics = createMetrics({ defaultMetrics: false })
  metrics.errors.inc({ stage: 'source', code: `leak ${TOKEN}` })
  const instance = buildApp({
    config,
    store: store as unknown as AppOptions['store'],
    executor: executor as unknown as AppOptions['executor'],
    cassandra: {} as AppOptions['cassandra'],
    metrics
  })
  return { instance, triggered }
}

test('without a token configured, POST works on loopback', async () => {
  const { instance, triggered } = app()
  const response = await instance.inject({ method: 'POST', url: '/api/runs', payload: { durationSeconds: 1 } })
  assert.equal(response.statusCode, 202)
  assert.equal(triggered.length, 1)
  await instance.close()
})

test('with a token, POST needs "Authorization: Bearer <token>"; GET stays open', async () => {
  const { instance, triggered } = app({ USER_STREAMER_HTTP_TOKEN: TOKEN })
  for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, 'Bearer']) {
    const response = await instance.inject({
      method: 'POST',
      url: '/api/runs',
      payload: {},
      headers: authorization ? { authorization } : {}
    })
    assert.equal(response.statusCode, 401, String(authorization))
    assert.match(response.headers['www-authenticate'] as string, /^Bearer/)
    assert.match(response.json<{ error: string }>().error, /Authorization: Bearer <http\.token>/)
  }
  assert.equal(triggered.length, 0)
  const ok = await instance.inject({
    method: 'POST',
    url: '/api/runs',
    payload: { count: 5 },
    headers: { authorization: `Bearer ${TOKEN}` }
  })
  assert.equal(ok.statusCode, 202)
  assert.equal((await instance.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
  assert.equal((await instance.inject({ method: 'GET', url: '/api/runs' })).statusCode, 200)
  await instance.close()
})

test('no response carries a secret: run records and metrics labels are scrubbed', async () => {
  const { instance } = app({ USER_STREAMER_HTTP_TOKEN: TOKEN })
  const run = await instance.inject({
    method: 'POST',
    url: '/api/runs',
    payload: {},
    headers: { authorization: `Bearer ${TOKEN}` }
  })
  assert.doesNotMatch(run.body, new RegExp(TOKEN))
  assert.match(run.body, /\[redacted\]/)
  const metrics = await instance.inject({ method: 'GET', url: '/metrics' })
  assert.match(metrics.body, /user_streamer_errors_total\{stage="source",code="leak \[redacted\]"\}/)
  assert.doesNotMatch(metrics.body, new RegExp(TOKEN))
  await instance.close()
})

test('bodies are validated and bounded: unknown fields 400, malformed JSON 400, over the limit 413', async () => {
  const { instance } = app()
  const unknown = await instance.inject({ method: 'POST', url: '/api/runs', payload: { rm: '-rf' } })
  assert.equal(unknown.statusCode, 400)
  const malformed = await instance.inject({
    method: 'POST',
    url: '/api/runs',
    payload: '{"count": ',
    headers: { 'content-type': 'application/json' }
  })
  assert.equal(malformed.statusCode, 400)
  const huge = await instance.inject({
    method: 'POST',
    url: '/api/runs',
    payload: JSON.stringify({ seed: 'x'.repeat(BODY_LIMIT) }),
    headers: { 'content-type': 'application/json' }
  })
  assert.equal(huge.statusCode, 413)
  const badType = await instance.inject({ method: 'POST', url: '/api/runs', payload: { count: 'many' } })
  assert.equal(badType.statusCode, 400)
  await instance.close()
})

test('the API binds loopback by default; beyond loopback it refuses to start without a token', () => {
  assert.equal(loadConfig({ env: {} }).http.host, '127.0.0.1')
  for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) assert.ok(isLoopback(host), host)
  for (const host of ['0.0.0.0', '::', '10.0.0.5', 'example.com']) assert.ok(!isLoopback(host), host)
  assert.doesNotThrow(() => assertSafeBind(loadConfig({ env: {} })))
  assert.throws(
    () => assertSafeBind(loadConfig({ env: { USER_STREAMER_HTTP_HOST: '0.0.0.0' } })),
    (error: unknown) =>
      error instanceof UserStreamerError &&
      error.code === 'US_ERR_CONFIG' &&
      /config\.http\.token.*USER_STREAMER_HTTP_TOKEN/.test(error.oneLine())
  )
  assert.doesNotThrow(() =>
    assertSafeBind(loadConfig({ env: { USER_STREAMER_HTTP_HOST: '0.0.0.0', USER_STREAMER_HTTP_TOKEN: TOKEN } }))
  )
})
