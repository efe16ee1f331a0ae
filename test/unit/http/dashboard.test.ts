// The dashboard's event hub (coalescing, snapshot, stats from the metrics) and its routes (page, assets, SSE).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { DashboardHub, type HubSubscriber, toDashboardUser } from '../../../src/http/dashboard/hub.ts'
import { registerDashboard } from '../../../src/http/dashboard/routes.ts'
import { createMetrics } from '../../../src/observability/metrics.ts'
import type { RunRecord } from '../../../src/scheduler/history.ts'
import { syntheticRecord } from '../../helpers.ts'

function recorder(): HubSubscriber & { events: { event: string; data: unknown }[]; closed: boolean } {
  const sub = {
    events: [] as { event: string; data: unknown }[],
    closed: false,
    send(event: string, data: string) {
      sub.events.push({ event, data: JSON.parse(data) })
    },
    close() {
      sub.closed = true
    }
  }
  return sub
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function run(state: RunRecord['state'], runId = 'r1'): RunRecord {
  return {
    runId,
    dagId: 'user_automation',
    taskId: 'stream_data_from_api',
    logicalDate: new Date().toISOString(),
    trigger: 'test',
    state,
    attempt: 1,
    startedAt: null,
    endedAt: null,
    fetched: 0,
    produced: 0,
    rejected: 0,
    error: null,
    params: {}
  }
}

test('a user card: name, email, nat, country and city from the address; only http(s) pictures', () => {
  const row = { ...syntheticRecord(7), address: '12 Rue X, Lyon, Rhône, France', nat: 'FR' }
  const user = toDashboardUser(row, 123)
  assert.equal(user.country, 'France')
  assert.equal(user.city, 'Lyon')
  assert.equal(user.nat, 'FR')
  assert.equal(user.email, row.email)
  assert.equal(user.written_at, 123)
  assert.equal(toDashboardUser({ ...row, picture: 'javascript:alert(1)' }, 0).picture, '')
})

test('the hub coalesces bursts: one users event per flush, newest first, capped; runs by id', async () => {
  const hub = new DashboardHub({ flushMs: 20, usersPerEvent: 5, recentUsers: 8 })
  const sub = recorder()
  hub.subscribe(sub)
  assert.equal(sub.events[0]?.event, 'snapshot')
  hub.users(Array.from({ length: 100 }, (_, i) => syntheticRecord(i)))
  hub.users([syntheticRecord(100), syntheticRecord(101)])
  hub.run(run('queued'))
  hub.run(run('running'))
  await tick(60)
  const users = sub.events.filter((e) => e.event === 'users')
  assert.equal(users.length, 1)
  const payload = users[0]?.data as { count: number; users: { first_name: string }[] }
  assert.equal(payload.count, 102)
  assert.deepEqual(
    payload.users.map((u) => u.first_name),
    ['First101', 'First100', 'First99', 'First98', 'First97']
  )
  const runs = sub.events.filter((e) => e.event === 'run')
  assert.deepEqual(
    runs.map((e) => (e.data as RunRecord).state),
    ['running']
  )
  const late = recorder()
  hub.subscribe(late)
  const snapshot = late.events[0]?.data as { users: unknown[] }
  assert.equal(snapshot.users.length, 8)
  hub.close()
  assert.equal(sub.closed, true)
})

test('stats ticks read the metrics: totals, rows/s, lag per partition, dead letters and their reasons', async () => {
  const metrics = createMetrics({ defaultMetrics: false })
  const hub = new DashboardHub({ metrics, recentDeadLetters: 2 })
  const sub = recorder()
  hub.subscribe(sub)
  await hub.tick()
  metrics.usersWritten.inc(500)
  metrics.usersProduced.inc(520)
  metrics.consumerLag.set({ topic: 't', partition: '0' }, 7)
  metrics.consumerLag.set({ topic: 't', partition: '1' }, 13)
  metrics.usersDeadLettered.inc({ kind: 'not-json' }, 3)
  for (const offset of ['1', '2', '3'])
    hub.deadLetter({ kind: 'not-json', reason: `bad ${offset}`, topic: 't', partition: 0, offset, at: 'x' })
  await tick(20)
  const stats = await hub.tick()
  assert.ok(stats)
  assert.equal(stats.totals.written, 500)
  assert.equal(stats.totals.produced, 520)
  assert.equal(stats.totals.lag, 20)
  assert.deepEqual(stats.point.lag, { '0': 7, '1': 13 })
  assert.ok(stats.point.rowsPerSecond > 0)
  assert.equal(stats.totals.deadLettered, 3)
  assert.deepEqual(stats.deadLetteredByKind, { 'not-json': 3 })
  assert.deepEqual(
    stats.deadLetters.map((d) => d.reason),
    ['bad 3', 'bad 2']
  )
  assert.equal(sub.events.filter((e) => e.event === 'stats').length, 2)
  assert.equal(hub.snapshot().history.length, 2)
  hub.close()
})

test('the routes: the page with its CSP, the assets (uPlot from node_modules), 404s, and an SSE stream', async () => {
  const app = Fastify()
  const hub = new DashboardHub({ tickMs: 50 })
  registerDashboard(app, { hub })
  try {
    const page = await app.inject({ url: '/' })
    assert.equal(page.statusCode, 200)
    assert.match(page.headers['content-type'] as string, /^text\/html/)
    assert.match(page.headers['content-security-policy'] as string, /script-src 'self'/)
    assert.match(page.body, /Trigger run/)
    for (const [name, type] of [
      ['dashboard.js', /javascript/],
      ['dashboard.css', /css/],
      ['uPlot.iife.min.js', /javascript/],
      ['uPlot.min.css', /css/]
    ] as const) {
      const asset = await app.inject({ url: `/dashboard/${name}` })
      assert.equal(asset.statusCode, 200, name)
      assert.match(asset.headers['content-type'] as string, type)
    }
    assert.equal((await app.inject({ url: '/dashboard/index.html' })).statusCode, 404)
    assert.equal((await app.inject({ url: '/dashboard/..%2Fhub.ts' })).statusCode, 404)

    const address = await app.listen({ host: '127.0.0.1', port: 0 })
    const response = await fetch(`${address}/api/events`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!/event: stats\n/.test(text)) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value)
    }
    assert.match(text, /^retry: \d+\n\n/)
    assert.match(text, /event: snapshot\ndata: \{"users":\[\],"history":\[/)
    assert.equal(hub.subscriberCount, 1)
    // Closing the app ends the open stream (it would hold the close forever otherwise).
    await app.close()
    for (;;) if ((await reader.read()).done) break
    assert.equal(hub.subscriberCount, 0)
  } finally {
    await app.close()
    hub.close()
  }
})
