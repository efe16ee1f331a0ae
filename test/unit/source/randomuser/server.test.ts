import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { request } from 'node:http'
import { createPage, renderJson } from '../../../../src/source/randomuser/generate.ts'
import { type Fault, type RandomuserServer, startRandomuserServer } from '../../../../src/source/randomuser/server.ts'
import type { RandomUserInfo } from '../../../../src/source/randomuser/types.ts'
import { validateResult } from '../../../../src/source/randomuser/validate.ts'

const NOW = Date.parse('2026-11-24T12:00:00Z')
const clock = (): number => NOW

interface Envelope {
  results: Record<string, unknown>[]
  info?: RandomUserInfo
}

let server: RandomuserServer
const faults = new Map<string, Fault>()
const seenUrls: URL[] = []

before(async () => {
  // Faults are keyed by a `fault` query parameter, so tests can run against one server.
  server = await startRandomuserServer({
    port: 0,
    now: clock,
    faults: (_n, url) => {
      seenUrls.push(url)
      return faults.get(url.searchParams.get('fault') ?? '')
    }
  })
})
after(() => server.close())

async function get(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${server.url}${path}`, init)
  return { status: response.status, headers: response.headers, text: await response.text() }
}

async function getJson(path: string): Promise<Envelope> {
  const response = await get(path)
  assert.equal(response.status, 200, response.text.slice(0, 200))
  return JSON.parse(response.text) as Envelope
}

describe('answers like the API', () => {
  test('url is the origin, apiUrl the endpoint', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(server.apiUrl, `${server.url}/api/`)
    assert.equal(server.port, Number(new URL(server.url).port))
  })

  test('GET /api/?results=3&seed=abc: the generator output, byte for byte, with the API headers', async () => {
    const response = await get('/api/?results=3&seed=abc')
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8')
    assert.equal(response.headers.get('cache-control'), 'no-cache')
    assert.equal(response.headers.get('access-control-allow-origin'), '*')
    assert.equal(response.headers.get('x-powered-by'), 'Express')
    assert.equal(response.text, [...renderJson(createPage({ seed: 'abc', results: 3, now: clock }))].join(''))
    const envelope = JSON.parse(response.text) as Envelope
    assert.deepEqual(envelope.info, { seed: 'abc', results: 3, page: 1, version: '1.4' })
    for (const user of envelope.results) assert.ok(validateResult(user).ok)
  })

  test('routes: /api, /api/, /api/1.4, /api/1.4/, /API/1.4, /api// are the latest version', async () => {
    for (const path of ['/api', '/api/', '/api/1.4', '/api/1.4/', '/API/1.4', '/api//']) {
      const envelope = await getJson(`${path}?seed=r`)
      assert.equal(envelope.info?.version, '1.4', path)
    }
  })

  test('404 "Not Found" as text/plain for unknown versions, other paths and other methods', async () => {
    for (const [path, method] of [
      ['/api/1.5', 'GET'],
      ['/api/v1.4', 'GET'],
      ['/api/1.3', 'GET'],
      ['/api/1.4/extra', 'GET'],
      ['/', 'GET'],
      ['/api/', 'POST']
    ] as const) {
      const response = await get(path, { method })
      assert.equal(response.status, 404, `${method} ${path}`)
      assert.equal(response.text, 'Not Found')
      assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8')
      assert.equal(response.headers.get('cache-control'), null)
      assert.equal(response.headers.get('access-control-allow-origin'), '*')
    }
  })

  test('HEAD: headers without a body; OPTIONS: 204 preflight', async () => {
    const head = await get('/api/?results=10', { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.text, '')
    assert.equal(head.headers.get('content-type'), 'application/json; charset=utf-8')
    const options = await get('/api/', { method: 'OPTIONS' })
    assert.equal(options.status, 204)
    assert.equal(options.headers.get('access-control-allow-methods'), 'GET,HEAD,PUT,PATCH,POST,DELETE')
  })

  test('results: invalid values become 1, not clamped; JavaScript number parsing', async () => {
    const cases: [string, number][] = [
      ['0', 1],
      ['-5', 1],
      ['5001', 1],
      ['abc', 1],
      ['1.5', 1],
      ['', 1],
      ['0x10', 16],
      ['1e1', 10],
      ['+5', 5],
      ['3.0', 3]
    ]
    for (const [value, expected] of cases) {
      const envelope = await getJson(`/api/?seed=n&results=${value}`)
      assert.equal(envelope.info?.results, expected, `results=${value}`)
      assert.equal(envelope.results.length, expected)
    }
    assert.equal((await getJson('/api/?results=5&results=7')).results.length, 1)
    assert.equal((await getJson('/api/?results[]=5')).results.length, 5)
  })

  test('page: 0, negative and > 10000 become 1; fractions are kept; page 2 of abc is abc2', async () => {
    for (const [value, expected] of [
      ['0', 1],
      ['-1', 1],
      ['10001', 1],
      ['x', 1],
      ['1.5', 1.5],
      ['10000', 10000]
    ] as const) {
      assert.equal((await getJson(`/api/?seed=p&page=${value}`)).info?.page, expected, `page=${value}`)
    }
    const page2 = await getJson('/api/?seed=abc&page=2&results=3')
    const abc2 = await getJson('/api/?seed=abc2&results=3')
    assert.deepEqual(page2.results, abc2.results)
  })

  test('no seed: 16 hex characters in info.seed, and the same request with that seed repeats the text', async () => {
    const first = await get('/api/?results=4&nat=fr')
    const seed = (JSON.parse(first.text) as Envelope).info?.seed ?? ''
    assert.match(seed, /^[0-9a-f]{16}$/)
    const again = await get(`/api/?results=4&nat=fr&seed=${seed}`)
    assert.equal(again.text, first.text)
  })

  test('nat: a list (case-insensitive, alias nationality), all-or-nothing validation', async () => {
    const three = await getJson('/api/?seed=n&results=100&nat=us,GB,fr')
    assert.deepEqual(new Set(three.results.map((u) => u.nat)), new Set(['US', 'GB', 'FR']))
    const alias = await getJson('/api/?seed=n&results=20&nationality=ua')
    assert.ok(alias.results.every((u) => u.nat === 'UA'))
    const invalid = await getJson('/api/?seed=n&results=100&nat=us,xx')
    assert.ok(new Set(invalid.results.map((u) => u.nat)).size > 3)
  })

  test('gender: exact lower-case values filter without a seed', async () => {
    const females = await getJson('/api/?results=30&gender=female')
    assert.ok(females.results.every((u) => u.gender === 'female'))
    const ignored = await getJson('/api/?results=60&gender=Female')
    assert.equal(new Set(ignored.results.map((u) => u.gender)).size, 2)
  })

  test('inc/exc, noinfo (and its lego=false bug), format=pretty, callback, dl, lego', async () => {
    const inc = await getJson('/api/?seed=f&results=2&inc=nat, Login ,name&exc=name')
    assert.deepEqual(Object.keys(inc.results[0] ?? {}), ['login', 'nat'])
    assert.deepEqual((await getJson('/api/?seed=f&inc=foo')).results, [{}])
    assert.equal((await getJson('/api/?seed=f&noinfo')).info, undefined)
    assert.ok((await getJson('/api/?seed=f&noinfo&lego=false')).info)
    const pretty = await get('/api/?seed=f&format=pretty')
    assert.ok(pretty.text.startsWith('{\n  "results": [\n    {'))
    const unknownFormat = await get('/api/?seed=f&format=sql')
    assert.equal(unknownFormat.headers.get('content-type'), 'application/json; charset=utf-8')
    const jsonp = await get('/api/?seed=f&callback=cb')
    assert.ok(jsonp.text.startsWith('cb({') && jsonp.text.endsWith('});'))
    const dl = await get('/api/?seed=f&dl')
    assert.equal(dl.headers.get('content-type'), 'application/octet-stream')
    assert.equal(dl.headers.get('content-disposition'), 'attachment; filename="download.json"')
    const lego = await getJson('/api/?seed=abc&lego&results=3')
    assert.equal(lego.info?.seed, 'abc-1')
    assert.ok(lego.results.every((u) => u.nat === 'LEGO' && !('country' in (u.location as object))))
  })

  test('requests the real generator crashes on reset the connection; the server stays up', async () => {
    for (const path of ['/api/?nat=,', '/api/?seed=0123456789abcdefzz']) {
      await assert.rejects(fetch(`${server.url}${path}`), TypeError, path)
    }
    assert.equal((await getJson('/api/?seed=after')).results.length, 1)
  })

  test('results=5000 is streamed: 5000 valid users of about 1 KB', async () => {
    const before = server.stats.users
    const response = await get('/api/?results=5000&seed=big')
    assert.equal(response.headers.get('transfer-encoding'), 'chunked')
    const envelope = JSON.parse(response.text) as Envelope
    assert.equal(envelope.results.length, 5000)
    assert.equal(new Set(envelope.results.map((u) => (u.login as { uuid: string }).uuid)).size, 5000)
    const perUser = Buffer.byteLength(response.text) / 5000
    assert.ok(perUser > 800 && perUser < 1400, `${perUser} bytes per user`)
    assert.equal(server.stats.users - before, 5000)
  })

  test('stats count requests and served users', async () => {
    const before = { ...server.stats }
    await getJson('/api/?results=7')
    await get('/nope')
    assert.equal(server.stats.requests - before.requests, 2)
    assert.equal(server.stats.users - before.users, 7)
  })
})

describe('faults', () => {
  test('status: the status, Retry-After and a body typed by its content', async () => {
    faults.set('s429', { kind: 'status', status: 429, retryAfterSeconds: 3 })
    const limited = await get('/api/?fault=s429')
    assert.equal(limited.status, 429)
    assert.equal(limited.headers.get('retry-after'), '3')
    assert.equal(limited.headers.get('content-type'), 'application/json; charset=utf-8')
    assert.match(limited.text, /^\{"error":"Whoa, ease up there cowboy\. You've requested 20000 users/)
    faults.set('s502', { kind: 'status', status: 502 })
    const gateway = await get('/api/?fault=s502')
    assert.equal(gateway.status, 502)
    assert.equal(gateway.headers.get('content-type'), 'text/html; charset=utf-8')
    assert.match(gateway.text, /<title>502 Bad Gateway<\/title>/)
    faults.set('s500', { kind: 'status', status: 500, body: '{"error":"Uh oh"}' })
    const custom = await get('/api/?fault=s500')
    assert.equal(custom.text, '{"error":"Uh oh"}')
    assert.equal(custom.headers.get('content-type'), 'application/json; charset=utf-8')
  })

  test('hang: answers after the delay', async () => {
    faults.set('hang', { kind: 'hang', ms: 150 })
    const started = performance.now()
    const envelope = await getJson('/api/?fault=hang&seed=h')
    assert.ok(performance.now() - started >= 140)
    assert.equal(envelope.results.length, 1)
  })

  test('truncate: 200 with half of the JSON body', async () => {
    faults.set('truncate', { kind: 'truncate' })
    const response = await get('/api/?fault=truncate&seed=t&results=20')
    assert.equal(response.status, 200)
    const full = [...renderJson(createPage({ seed: 't', results: 20, now: clock }))].join('')
    assert.equal(Buffer.byteLength(response.text), Math.floor(Buffer.byteLength(full) / 2))
    assert.throws(() => JSON.parse(response.text), SyntaxError)
  })

  test('html: 200 with an HTML page', async () => {
    faults.set('html', { kind: 'html' })
    const response = await get('/api/?fault=html')
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8')
    assert.match(response.text, /^<!DOCTYPE html>/)
  })

  test('wrong-shape: valid JSON, every third result broken', async () => {
    faults.set('wrong', { kind: 'wrong-shape' })
    const envelope = await getJson('/api/?fault=wrong&seed=w&results=20')
    assert.equal(envelope.results.length, 20)
    const invalid = envelope.results
      .map((raw, i) => [i, validateResult(raw).ok] as const)
      .filter(([, ok]) => !ok)
      .map(([i]) => i)
    assert.deepEqual(invalid, [0, 3, 6, 9, 12, 15, 18])
  })

  test('reset: the socket is destroyed without an answer', async () => {
    faults.set('reset', { kind: 'reset' })
    await assert.rejects(fetch(`${server.url}/api/?fault=reset`), TypeError)
  })

  test('the plan sees every request with its number and URL', async () => {
    const count = seenUrls.length
    await get('/api/?seed=plan&results=2')
    assert.equal(seenUrls.length, count + 1)
    assert.equal(seenUrls.at(-1)?.searchParams.get('seed'), 'plan')
  })
})

describe('options', () => {
  test('rateLimit: 429 once the users of the window reach the limit; the request that crosses it is served', async (t) => {
    const limited = await startRandomuserServer({ rateLimit: { users: 10, windowMs: 60_000 } })
    t.after(() => limited.close())
    const statuses: number[] = []
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await fetch(`${limited.apiUrl}?results=6`).then((r) => r.body?.cancel().then(() => r)))?.status ?? 0
      )
    assert.deepEqual(statuses, [200, 200, 429, 429])
    const refused = await fetch(`${limited.apiUrl}?results=1`, { headers: { 'x-real-ip': '10.0.0.1' } })
    assert.equal(refused.status, 200, 'another client key has its own budget')
    await refused.body?.cancel()
    const body = await (await fetch(limited.apiUrl)).text()
    assert.equal(
      body,
      `{"error":"Whoa, ease up there cowboy. You've requested 12 users in the last minute. Help us keep this service free and spare some bandwidth for other users please :)"}`
    )
  })

  test('compression: gzip when accepted', async (t) => {
    const zipped = await startRandomuserServer({ compression: true, now: clock })
    t.after(() => zipped.close())
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${zipped.apiUrl}?results=300&seed=z`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }))
      })
        .on('error', reject)
        .end()
    })
    assert.equal(raw.encoding, 'gzip')
    assert.equal(
      gunzipSync(raw.body).toString(),
      [...renderJson(createPage({ seed: 'z', results: 300, now: clock }))].join('')
    )
  })

  test('a port in use: US_ERR_PORT_TAKEN', async () => {
    await assert.rejects(startRandomuserServer({ port: server.port }), { code: 'US_ERR_PORT_TAKEN' })
  })

  test('close() ends hanging requests and resolves', async () => {
    const hanging = await startRandomuserServer({ faults: () => ({ kind: 'hang', ms: 60_000 }) })
    const pending = fetch(hanging.apiUrl).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = performance.now()
    await hanging.close()
    assert.ok(performance.now() - started < 1000)
    assert.ok((await pending) instanceof TypeError)
  })
})
