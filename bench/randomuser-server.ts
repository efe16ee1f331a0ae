// Throughput of the built-in randomuser server, as figures (no assertions):
//   1. generation + JSON serialisation on one core (the server's hot loop), split into its parts;
//   2. validation of 5000 users (fast path and the zod schema alone);
//   3. through HTTP with results=5000: the server in a worker thread (its own core), fetched from the main thread,
//      as raw bodies and through the client (fetch + JSON.parse + validation).
// Usage: node bench/randomuser-server.ts [--seconds 3]
import { availableParallelism, cpus } from 'node:os'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { silentLogger } from '../src/observability/logger.ts'
import { createRandomuserClient } from '../src/source/randomuser/client.ts'
import { createPage, renderJson } from '../src/source/randomuser/generate.ts'
import { startRandomuserServer } from '../src/source/randomuser/server.ts'
import { fastCheck, randomUserResultSchema, validateResult } from '../src/source/randomuser/validate.ts'

const PAGE = 5000

function argSeconds(): number {
  const index = process.argv.indexOf('--seconds')
  const value = index >= 0 ? Number(process.argv[index + 1]) : 3
  return Number.isFinite(value) && value > 0 ? value : 3
}

/** Runs `round` repeatedly for `seconds` (after one warm-up round); returns rounds per second and the total. */
function timed(seconds: number, round: (i: number) => number): { perSecond: number; units: number; ms: number } {
  round(0)
  let units = 0
  let i = 1
  const started = performance.now()
  while (performance.now() - started < seconds * 1000) units += round(i++)
  const ms = performance.now() - started
  return { perSecond: (units / ms) * 1000, units, ms }
}

async function timedAsync(
  seconds: number,
  round: (i: number) => Promise<number>
): Promise<{ perSecond: number; units: number; ms: number }> {
  await round(0)
  let units = 0
  let i = 1
  const started = performance.now()
  while (performance.now() - started < seconds * 1000) units += await round(i++)
  const ms = performance.now() - started
  return { perSecond: (units / ms) * 1000, units, ms }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

async function main(): Promise<void> {
  const seconds = argSeconds()
  console.log(
    `machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}; ${seconds} s per figure`
  )

  // 1. Generation + serialisation, one core.
  let bytes = 0
  const render = timed(seconds, (i) => {
    for (const chunk of renderJson(createPage({ seed: 'bench', page: (i % 10000) + 1, results: PAGE })))
      bytes += chunk.length
    return PAGE
  })
  console.log(
    `generate + JSON, one core:        ${fmt(render.perSecond)} users/s  (${(bytes / render.units) | 0} chars/user)`
  )
  const objects = timed(seconds, (i) => {
    const page = createPage({ seed: 'bench', page: (i % 10000) + 1, results: PAGE })
    for (let u = 0; u < PAGE; u++) page.user(u)
    return PAGE
  })
  console.log(`  of which generation (objects):  ${fmt(objects.perSecond)} users/s`)
  const users = Array.from({ length: PAGE }, (_, u) => createPage({ seed: 'bench', results: PAGE }).user(u))
  const stringify = timed(seconds, () => JSON.stringify(users).length / 1000)
  console.log(
    `  of which JSON.stringify:        ${fmt((stringify.perSecond * 1000) / (JSON.stringify(users).length / PAGE))} users/s`
  )

  // 2. Validation.
  const raws = JSON.parse(JSON.stringify(users)) as unknown[]
  for (const [name, check] of [
    ['validateResult (fast path)', (raw: unknown) => validateResult(raw).ok],
    ['fastCheck alone', (raw: unknown) => fastCheck(raw) !== undefined],
    ['zod schema alone', (raw: unknown) => randomUserResultSchema.safeParse(raw).success]
  ] as const) {
    let best = Infinity
    for (let round = 0; round < 20; round++) {
      const started = performance.now()
      for (const raw of raws) check(raw)
      best = Math.min(best, performance.now() - started)
    }
    console.log(
      `${`${name}:`.padEnd(34)}${best.toFixed(1)} ms per ${PAGE} users (best of 20), ${fmt((PAGE / best) * 1000)} users/s`
    )
  }

  // 3. HTTP, results=5000, server in a worker thread.
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'server' } })
  const apiUrl = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { apiUrl: string }) => resolve(message.apiUrl))
    worker.once('error', reject)
  })
  let received = 0
  const raw = await timedAsync(seconds, async (i) => {
    const body = await (await fetch(`${apiUrl}?results=${PAGE}&seed=http&page=${(i % 10000) + 1}`)).text()
    received += body.length
    return PAGE
  })
  console.log(
    `HTTP results=${PAGE}, raw bodies:     ${fmt(raw.perSecond)} users/s  (${(((received / raw.ms) * 1000) / 1e6).toFixed(1)} MB/s of JSON)`
  )
  const client = createRandomuserClient({
    url: apiUrl,
    timeoutMs: 30_000,
    retries: 0,
    backoffMs: 100,
    backoffMaxMs: 100,
    requestsPerSecond: 1000,
    logger: silentLogger()
  })
  const viaClient = await timedAsync(
    seconds,
    async (i) => (await client.fetchBatch({ results: PAGE, seed: 'client', page: (i % 10000) + 1 })).users.length
  )
  console.log(
    `HTTP results=${PAGE}, via the client: ${fmt(viaClient.perSecond)} users/s  (fetch + JSON.parse + validation)`
  )
  const twoClients = await timedAsync(seconds, async (i) => {
    const batches = await Promise.all(
      [0, 1].map((k) => client.fetchBatch({ results: PAGE, seed: 'client2', page: ((2 * i + k) % 10000) + 1 }))
    )
    return batches.reduce((sum, batch) => sum + batch.users.length, 0)
  })
  console.log(`HTTP results=${PAGE}, client, 2 in flight: ${fmt(twoClients.perSecond)} users/s`)
  await worker.terminate()
}

if (isMainThread) {
  await main()
} else if ((workerData as { role?: string } | undefined)?.role === 'server') {
  const server = await startRandomuserServer({ port: 0 })
  parentPort?.postMessage({ apiUrl: server.apiUrl })
}
