// The live dashboard: GET / (the page), GET /dashboard/<asset> (its script and styles, and uPlot from node_modules:
// nothing from a CDN, so it works offline) and GET /api/events (Server-Sent Events from the hub).
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import type { DashboardHub, HubSubscriber } from './hub.ts'

interface Asset {
  file: string
  type: string
}

/** The page's own files sit next to this module in src/; from dist/ (the compiled package) they are read from src/. */
function assetsDir(): string {
  const here = fileURLToPath(new URL('./assets/', import.meta.url))
  if (existsSync(here)) return here
  return fileURLToPath(new URL('../../../../src/http/dashboard/assets/', import.meta.url))
}

function assets(): Map<string, Asset> {
  const dir = assetsDir()
  const require = createRequire(import.meta.url)
  const js = 'text/javascript; charset=utf-8'
  const css = 'text/css; charset=utf-8'
  return new Map<string, Asset>([
    ['index.html', { file: `${dir}index.html`, type: 'text/html; charset=utf-8' }],
    ['dashboard.js', { file: `${dir}dashboard.js`, type: js }],
    ['dashboard.css', { file: `${dir}dashboard.css`, type: css }],
    ['uPlot.iife.min.js', { file: require.resolve('uplot/dist/uPlot.iife.min.js'), type: js }],
    ['uPlot.min.css', { file: require.resolve('uplot/dist/uPlot.min.css'), type: css }]
  ])
}

// The page loads only its own files and talks only to this server; pictures may come from anywhere over http(s).
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  'img-src http: https: data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

export interface DashboardOptions {
  hub: DashboardHub
  /** Open event streams at most (each holds a connection). */
  maxStreams?: number
  /** A stream whose unsent data passes this is too slow to follow, and is closed (the page reconnects). */
  maxBufferedBytes?: number
  /** Comment lines that keep idle streams open through proxies. */
  heartbeatMs?: number
}

export function registerDashboard(app: FastifyInstance, options: DashboardOptions): void {
  const { hub } = options
  const maxStreams = options.maxStreams ?? 100
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024
  const heartbeatMs = options.heartbeatMs ?? 15_000
  const files = assets()
  const cache = new Map<string, Buffer>()
  const read = (name: string, asset: Asset): Buffer => {
    let body = cache.get(name)
    if (!body) {
      body = readFileSync(asset.file)
      cache.set(name, body)
    }
    return body
  }
  const page = files.get('index.html') as Asset

  app.get('/', async (_request, reply) =>
    reply
      .type(page.type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(read('index.html', page))
  )
  app.get<{ Params: { name: string } }>('/dashboard/:name', async (request, reply) => {
    const asset = files.get(request.params.name)
    if (!asset || request.params.name === 'index.html')
      return reply.code(404).send({ error: `no dashboard file ${request.params.name}` })
    return reply
      .type(asset.type)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(read(request.params.name, asset))
  })

  const streams = new Set<() => void>()
  app.get('/api/events', (request, reply) => {
    if (streams.size >= maxStreams) {
      void reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: `too many event streams (${maxStreams})` })
      return
    }
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no'
    })
    res.write('retry: 2000\n\n')
    let ended = false
    let unsubscribe = (): void => {}
    const end = (): void => {
      if (ended) return
      ended = true
      clearInterval(heartbeat)
      unsubscribe()
      streams.delete(end)
      res.end()
    }
    const subscriber: HubSubscriber = {
      send(event, data) {
        if (ended) return
        if (res.writableLength > maxBufferedBytes) return end()
        res.write(`event: ${event}\ndata: ${data}\n\n`)
      },
      close: () => end()
    }
    const heartbeat = setInterval(() => !ended && res.write(': ping\n\n'), heartbeatMs)
    heartbeat.unref()
    streams.add(end)
    unsubscribe = hub.subscribe(subscriber)
    request.raw.socket.on('close', end)
    res.on('close', end)
    res.on('error', end)
  })

  hub.start()
  // Open streams would hold app.close() forever: end them first.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end()
  })
}
