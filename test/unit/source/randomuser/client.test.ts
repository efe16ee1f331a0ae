import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { UserStreamerError } from '../../../../src/errors.ts'
import { silentLogger } from '../../../../src/observability/logger.ts'
import {
  type RandomuserClientOptions,
  type SourceEvent,
  buildUrl,
  createRandomuserClient,
  parseRetryAfter
} from '../../../../src/source/randomuser/client.ts'
import { generateUsers } from '../../../../src/source/randomuser/generate.ts'
import { type Fault, type FaultPlan, startRandomuserServer } from '../../../../src/source/randomuser/server.ts'

const SECRET_KEYS = ['password', 'salt', 'md5', 'sha1', 'sha256']

/** A server whose first requests get `faults` (in order), and a client with small delays pointed at it. */
async function setup(
  t: TestContext,
  faults: (Fault | undefined)[] | FaultPlan = [],
  clientOptions: Partial<RandomuserClientOptions> = {}
): Promise<{ client: ReturnType<typeof createRandomuserClient>; events: SourceEvent[]; urls: URL[]; apiUrl: string }> {
  const urls: URL[] = []
  const plan: FaultPlan = typeof faults === 'function' ? faults : (n) => faults[n - 1]
  const server = await startRandomuserServer({
    faults: (n, url) => {
      urls.push(url)
      return plan(n, url)
    }
  })
  t.after(() => server.close())
  const events: SourceEvent[] = []
  const client = createRandomuserClient({
    url: server.apiUrl,
    timeoutMs: 2000,
    retries: 4,
    backoffMs: 5,
    backoffMaxMs: 20,
    requestsPerSecond: 1000,
    logger: silentLogger(),
    onEvent: (event) => events.push(event),
    ...clientOptions
  })
  return { client, events, urls, apiUrl: server.apiUrl }
}

const statuses = (events: SourceEvent[]): number[] => events.flatMap((e) => (e.type === 'request' ? [e.status] : []))
const retries = (events: SourceEvent[]): string[] => events.flatMap((e) => (e.type === 'retry' ? [e.reason] : []))

function assertNoSecrets(value: unknown, secrets: string[]): void {
  const text = JSON.stringify(value)
  for (const key of SECRET_KEYS) assert.ok(!text.includes(`"${key}"`), `found key ${key}`)
  for (const secret of secrets) assert.ok(!text.includes(secret), `found secret ${secret}`)
}

describe('fetchBatch', () => {
  test('fetches, validates and returns users without secrets, with info, attempts and url', async (t) => {
    const { client, events, urls } = await setup(t)
    const batch = await client.fetchBatch({ results: 25, seed: 'client', page: 3 })
    assert.equal(batch.users.length, 25)
    assert.deepEqual(batch.rejected, [])
    assert.deepEqual(batch.info, { seed: 'client', results: 25, page: 3, version: '1.4' })
    assert.equal(batch.attempts, 1)
    assert.equal(batch.url, `${urls[0]?.origin}/api/?results=25&page=3&seed=client`)
    assert.deepEqual(statuses(events), [200])
    const expected = generateUsers({ seed: 'client', page: 3, results: 25 }).results
    assert.deepEqual(
      batch.users.map((u) => u.login),
      expected.map((u) => ({ uuid: u.login.uuid, username: u.login.username }))
    )
    assertNoSecrets(
      batch,
      expected.flatMap((u) => [u.login.salt, u.login.md5, u.login.sha1, u.login.sha256])
    )
  })

  test('passes seed, page, nat, gender, inc and exc through to the URL', async (t) => {
    const { client, urls } = await setup(t)
    const batch = await client.fetchBatch({
      results: 5,
      page: 2,
      seed: 's',
      nat: ['us', 'FR'],
      gender: 'female',
      inc: ['name', 'login', 'nat'],
      exc: ['nat']
    })
    const params = urls[0]?.searchParams
    assert.deepEqual(Object.fromEntries(params ?? []), {
      results: '5',
      page: '2',
      seed: 's',
      nat: 'us,FR',
      gender: 'female',
      inc: 'name,login,nat',
      exc: 'nat'
    })
    // inc/exc: only the included fields, validated, still without secrets.
    for (const user of batch.users) assert.deepEqual(Object.keys(user), ['name', 'login'])
    assert.equal(batch.rejected.length, 0)
    assertNoSecrets(batch.users, [])
  })

  test('keeps query parameters of the configured URL', () => {
    assert.equal(buildUrl('http://h/api/1.4/?lego', { results: 2 }).href, 'http://h/api/1.4/?lego=&results=2')
  })

  test('refuses results outside 1..5000 instead of letting the API answer with 1 user', async (t) => {
    const { client, urls } = await setup(t)
    for (const results of [0, 5001, 1.5]) {
      await assert.rejects(client.fetchBatch({ results }), { code: 'US_ERR_USAGE' })
    }
    assert.equal(urls.length, 0)
  })
})

describe('retries', () => {
  test('HTTP 500, then success', async (t) => {
    const { client, events } = await setup(t, [{ kind: 'status', status: 500 }])
    const batch = await client.fetchBatch({ results: 3 })
    assert.equal(batch.attempts, 2)
    assert.equal(batch.users.length, 3)
    assert.deepEqual(statuses(events), [500, 200])
    assert.deepEqual(retries(events), ['HTTP 500'])
    const retry = events.find((e) => e.type === 'retry')
    assert.ok(retry && retry.type === 'retry' && retry.delayMs >= 0 && retry.delayMs <= 5 && retry.attempt === 1)
  })

  test('HTTP 429 with Retry-After: waits what the server asks', async (t) => {
    const { client, events } = await setup(t, [{ kind: 'status', status: 429, retryAfterSeconds: 1 }])
    const started = performance.now()
    const batch = await client.fetchBatch({ results: 2 })
    assert.ok(performance.now() - started >= 950)
    assert.equal(batch.attempts, 2)
    const retry = events.find((e) => e.type === 'retry')
    assert.ok(retry?.type === 'retry')
    assert.equal(retry.delayMs, 1000)
    assert.match(retry.reason, /^HTTP 429: "Whoa, ease up there cowboy/)
  })

  test('Retry-After: seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-24T12:00:00Z')
    assert.equal(parseRetryAfter('120', now), 120_000)
    assert.equal(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', now), 30_000)
    assert.equal(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', now), 0)
    assert.equal(parseRetryAfter('soon', now), undefined)
    assert.equal(parseRetryAfter(null, now), undefined)
  })

  test('Retry-After is capped', async (t) => {
    const { client, events } = await setup(t, [{ kind: 'status', status: 503, retryAfterSeconds: 3600 }], {
      retryAfterCapMs: 50
    })
    await client.fetchBatch({ results: 1 })
    const retry = events.find((e) => e.type === 'retry')
    assert.equal(retry?.type === 'retry' && retry.delayMs, 50)
  })

  test('a hang past the timeout, then success', async (t) => {
    const { client, events } = await setup(t, [{ kind: 'hang', ms: 5000 }], { timeoutMs: 200 })
    const batch = await client.fetchBatch({ results: 2 })
    assert.equal(batch.attempts, 2)
    const first = events[0]
    assert.ok(first?.type === 'request')
    assert.equal(first.status, 0)
    assert.equal(first.error, 'timed out after 200 ms')
    assert.ok(first.ms >= 190 && first.ms < 1500)
  })

  test('a truncated body, an HTML page, a reset, an {"error"} body and the outage body are retried', async (t) => {
    const { client, events } = await setup(
      t,
      [
        { kind: 'truncate' },
        { kind: 'html' },
        { kind: 'reset' },
        { kind: 'status', status: 200, body: '{"error":"Uh oh, something has gone wrong."}' },
        {
          kind: 'status',
          status: 200,
          body: '{"results":[],"info":{"seed":"d3adb33f","results":1,"page":1,"version":"1.4"}}'
        }
      ],
      { retries: 5 }
    )
    const batch = await client.fetchBatch({ results: 4, seed: 'retry' })
    assert.equal(batch.attempts, 6)
    assert.equal(batch.users.length, 4)
    const reasons = retries(events)
    assert.equal(reasons.length, 5)
    assert.match(
      reasons[0] ?? '',
      /^HTTP 200 with an unusable body: expected JSON, got .* that do not parse .*truncated\?$/
    )
    assert.match(
      reasons[1] ?? '',
      /^HTTP 200 with an unusable body: expected JSON, got an HTML page \("Random User Generator \| Home"\)/
    )
    assert.match(reasons[2] ?? '', /^network error: /)
    assert.match(reasons[3] ?? '', /^HTTP 200 with an unusable body: the API answered with an error: "Uh oh/)
    assert.equal(reasons[4], 'HTTP 200 with an unusable body: results holds 0 users but info.results says 1')
  })

  test('gives up after `retries`: US_ERR_SOURCE_HTTP naming the URL and the last status, every attempt kept', async (t) => {
    const { client, events, apiUrl } = await setup(t, () => ({ kind: 'status', status: 502 }), { retries: 2 })
    const error = await client.fetchBatch({ results: 10, seed: 'down' }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e
    )
    assert.ok(error instanceof UserStreamerError)
    assert.equal(error.code, 'US_ERR_SOURCE_HTTP')
    assert.equal(error.retryable, true)
    assert.equal(error.message, `GET ${apiUrl}?results=10&seed=down failed after 3 attempts (last: HTTP 502)`)
    assert.match(error.oneLine(), / — the API is down or overloaded: retry later/)
    assert.ok(!error.oneLine().includes('\n'))
    assert.ok(error.cause instanceof AggregateError)
    assert.equal(error.cause.errors.length, 3)
    assert.deepEqual(statuses(events), [502, 502, 502])
    assert.equal(retries(events).length, 2)
  })

  test('HTML every time: US_ERR_SOURCE_RESPONSE', async (t) => {
    const { client } = await setup(t, () => ({ kind: 'html' }), { retries: 1 })
    await assert.rejects(client.fetchBatch({ results: 1 }), (error: unknown) => {
      assert.ok(error instanceof UserStreamerError)
      assert.equal(error.code, 'US_ERR_SOURCE_RESPONSE')
      assert.match(
        error.message,
        /failed after 2 attempts \(last: HTTP 200 with an unusable body: expected JSON, got an HTML page/
      )
      return true
    })
  })

  test('429 every time: the hint is about the rate limit', async (t) => {
    const { client } = await setup(t, () => ({ kind: 'status', status: 429 }), { retries: 1 })
    await assert.rejects(client.fetchBatch({ results: 1 }), (error: unknown) => {
      assert.ok(error instanceof UserStreamerError)
      assert.match(error.hint ?? '', /20,000 users per 5 minutes/)
      return true
    })
  })

  test('other 4xx are not retried', async (t) => {
    const { client, events } = await setup(t, [{ kind: 'status', status: 404 }])
    await assert.rejects(client.fetchBatch({ results: 1 }), (error: unknown) => {
      assert.ok(error instanceof UserStreamerError)
      assert.equal(error.code, 'US_ERR_SOURCE_HTTP')
      assert.equal(error.retryable, false)
      assert.match(error.message, /failed after 1 attempt \(last: HTTP 404\)$/)
      assert.match(error.hint ?? '', /check source\.url/)
      return true
    })
    assert.deepEqual(statuses(events), [404])
  })

  test('a wrong URL path (404 from the server itself) is not retried', async (t) => {
    const { apiUrl } = await setup(t)
    const client = createRandomuserClient({
      url: apiUrl.replace('/api/', '/api/1.5/'),
      timeoutMs: 1000,
      retries: 3,
      backoffMs: 5,
      backoffMaxMs: 5,
      requestsPerSecond: 100,
      logger: silentLogger()
    })
    await assert.rejects(client.fetchBatch({ results: 1 }), /failed after 1 attempt \(last: HTTP 404\)/)
  })

  test('a refused connection is retried, then reported', async () => {
    const server = await startRandomuserServer()
    const url = server.apiUrl
    await server.close()
    const events: SourceEvent[] = []
    const client = createRandomuserClient({
      url,
      timeoutMs: 500,
      retries: 1,
      backoffMs: 5,
      backoffMaxMs: 5,
      requestsPerSecond: 100,
      logger: silentLogger(),
      onEvent: (e) => events.push(e)
    })
    await assert.rejects(client.fetchBatch({ results: 1 }), (error: unknown) => {
      assert.ok(error instanceof UserStreamerError)
      assert.match(error.message, /failed after 2 attempts \(last: network error: .*ECONNREFUSED/)
      return true
    })
    assert.deepEqual(statuses(events), [0, 0])
  })

  test('the caller abort stops at once, during a backoff or a request, with its reason', async (t) => {
    const { client } = await setup(t, () => ({ kind: 'status', status: 503, retryAfterSeconds: 30 }))
    const controller = new AbortController()
    const pending = client.fetchBatch({ results: 1 }, controller.signal)
    setTimeout(() => controller.abort(new Error('stop')), 100)
    const started = performance.now()
    await assert.rejects(pending, { message: 'stop' })
    assert.ok(performance.now() - started < 1000)

    const { client: slow } = await setup(t, () => ({ kind: 'hang', ms: 30_000 }))
    const again = new AbortController()
    setTimeout(() => again.abort(new Error('stop again')), 100)
    await assert.rejects(slow.fetchBatch({ results: 1 }, again.signal), { message: 'stop again' })
  })
})

describe('quarantine', () => {
  test('wrong-shape results go to rejected with a reason, never thrown; no secrets anywhere', async (t) => {
    const { client, events } = await setup(t, [{ kind: 'wrong-shape' }])
    const batch = await client.fetchBatch({ results: 12, seed: 'bad' })
    assert.equal(batch.attempts, 1)
    assert.deepEqual(
      batch.rejected.map((r) => r.index),
      [0, 3, 6, 9]
    )
    assert.deepEqual(
      batch.rejected.map((r) => r.reason),
      [
        'login.uuid: expected a uuid, got 12',
        `location.street.number: expected a whole number ≥ 0, got "${(batch.rejected[1]?.raw as { location: { street: { number: string } } }).location.street.number}"`,
        'dob: expected an object, got nothing (the key is missing)',
        'gender: expected "male" or "female", got "unknown"'
      ]
    )
    assert.equal(batch.users.length, 8)
    const rejectedEvents = events.filter((e) => e.type === 'rejected')
    assert.equal(rejectedEvents.length, 4)
    const generated = generateUsers({ seed: 'bad', results: 12 }).results
    assertNoSecrets(
      batch,
      generated.flatMap((u) => [u.login.salt, u.login.md5, u.login.sha1, u.login.sha256])
    )
  })
})

describe('rate limit', () => {
  test('requestsPerSecond spaces request starts, across concurrent calls and retries', async (t) => {
    const { client, events } = await setup(t, [{ kind: 'status', status: 500 }], { requestsPerSecond: 20 })
    const started = performance.now()
    await Promise.all([
      client.fetchBatch({ results: 1 }),
      client.fetchBatch({ results: 1 }),
      client.fetchBatch({ results: 1 })
    ])
    // 4 requests (one retried) at 20/s: the last starts ≥ 150 ms after the first.
    assert.equal(statuses(events).length, 4)
    assert.ok(performance.now() - started >= 145, `${performance.now() - started} ms`)
  })
})

test('a malformed URL is a config error', () => {
  assert.throws(
    () =>
      createRandomuserClient({
        url: 'not a url',
        timeoutMs: 1,
        retries: 0,
        backoffMs: 1,
        backoffMaxMs: 1,
        requestsPerSecond: 1,
        logger: silentLogger()
      }),
    { code: 'US_ERR_CONFIG' }
  )
})
