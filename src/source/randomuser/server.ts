// A randomuser.me API v1.4 compatible server on node:http: the same URL shape (/api/, /api/1.4/), parameters,
// `info` block, headers and error bodies as the open-source server (notes §1, §2, §4), with users from the
// deterministic generator. It stands in for the live API in tests, benchmarks and offline runs, and injects faults
// (FaultPlan) for the client's retry tests and the fault-injection suite.
//
// Chosen differences from the real server (all documented in the notes as behaviour of its code):
// - Only v1.4 is served: /api/1.0 … /api/1.3 and the legacy versions answer 404 like an unknown version.
// - format=csv|yaml|xml are answered with JSON (like an unknown format); json, pretty/prettyjson, callback (JSONP),
//   dl/download, noinfo, lego, inc/exc and password work.
// - Where the real generator crashes (nat=, / nat=,,, an 18-character seed without a nat index), the connection
//   is reset like the crashed process would, but the server stays up and logs a warning. The DE-id-without-name
//   crash does not exist here (every field is always computed).
// - No ETag; bodies over 250 users are streamed with chunked encoding; gzip only with `compression: true`.
// - The 20,000-users-per-5-minutes rate limit is off unless `rateLimit` is given.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { constants as zlibConstants, createGzip } from 'node:zlib'
import { UserStreamerError, errorMessage } from '../../errors.ts'
import { type Logger, silentLogger } from '../../observability/logger.ts'
import { createPage, renderJson } from './generate.ts'
import { type ApiQuery, parseQuery } from './params.ts'
import type { PartialRandomUserResult } from './types.ts'

export type Fault =
  /** Answer with this status (and Retry-After, body) instead of users. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: string }
  /** Wait `ms` before handling the request normally (a slow or hanging server). */
  | { kind: 'hang'; ms: number }
  /** Send half of the JSON body, then end the response: the body does not parse. */
  | { kind: 'truncate' }
  /** 200 with an HTML page instead of JSON. */
  | { kind: 'html' }
  /** Valid JSON, but every third result (index 0, 3, 6, …) has a wrong type or a missing field. */
  | { kind: 'wrong-shape' }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }

/** Decides the fault of each request; `requestNumber` counts every request the server received, from 1. */
export type FaultPlan = (requestNumber: number, url: URL) => Fault | undefined

export interface RandomuserServerOptions {
  /** 0 picks a free port. @defaultValue 0 */
  port?: number
  /** @defaultValue '127.0.0.1' */
  host?: string
  /** Requests are logged at debug. @defaultValue a silent logger */
  logger?: Logger
  faults?: FaultPlan
  /** The real API's limit: refuse (429) once a client has asked for `users` users in the current fixed window. */
  rateLimit?: { users: number; windowMs: number }
  /** gzip bodies of 1 KB or more when the client accepts it, like the real API. @defaultValue false */
  compression?: boolean
  /** Clock for the age fields. @defaultValue Date.now */
  now?: () => number
}

export interface RandomuserServerStats {
  /** Every request received, faults included. */
  requests: number
  /** Users served in complete responses. */
  users: number
}

export interface RandomuserServer {
  /** Origin, e.g. http://127.0.0.1:3100 (no trailing slash). */
  url: string
  /** The API endpoint to use as source.url: `${url}/api/`. */
  apiUrl: string
  port: number
  host: string
  readonly stats: RandomuserServerStats
  close(): Promise<void>
}

const API_PATH = /^\/api(?:\/([^/]*))?\/?$/i
const JSON_TYPE = 'application/json; charset=utf-8'
const NOT_FOUND = 'Not Found'
const STREAM_ABOVE_USERS = 250

/** The body of the live site's outage pages (an nginx gateway error). */
export function gatewayPage(status: number): string {
  const text = `${status} ${status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Time-out' : status === 503 ? 'Service Temporarily Unavailable' : 'Error'}`
  return `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}

export const HTML_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Random User Generator | Home</title></head>' +
  '<body><h1>Random User Generator</h1><p>A free, open-source API for generating random user data.</p></body></html>'

export function rateLimitBody(total: number): string {
  return JSON.stringify({
    error: `Whoa, ease up there cowboy. You've requested ${total} users in the last minute. Help us keep this service free and spare some bandwidth for other users please :)`
  })
}

function contentTypeOf(body: string): string {
  const start = body.trimStart()
  if (start.startsWith('{') || start.startsWith('[')) return JSON_TYPE
  if (start.startsWith('<')) return 'text/html; charset=utf-8'
  return 'text/plain; charset=utf-8'
}

/** The corruption applied to result `index` by the wrong-shape fault (every third result, rotating kinds). */
export function corruptResult(user: PartialRandomUserResult, index: number): unknown {
  if (index % 3 !== 0) return user
  const kind = (index / 3) % 6
  const out = structuredClone(user) as Record<string, unknown> & PartialRandomUserResult
  if (kind === 0 && out.login) (out.login as unknown as Record<string, unknown>).uuid = 12
  else if (kind === 1 && out.location)
    (out.location.street as unknown as Record<string, unknown>).number = String(out.location.street.number)
  else if (kind === 2 && out.dob) delete out.dob
  else if (kind === 3 && out.gender) out.gender = 'unknown' as 'male'
  else if (kind === 4 && out.email) out.email = null as unknown as string
  else if (kind === 5 && out.location) (out.location.coordinates as unknown as Record<string, unknown>).latitude = 91.5
  else return 'not a user'
  return out
}

/** Resolves on 'drain' of `sink` or 'close' of `res`, removing both listeners. */
function drained(sink: NodeJS.WritableStream, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      sink.off('drain', done)
      res.off('close', done)
      resolve()
    }
    sink.on('drain', done)
    res.on('close', done)
  })
}

function clientKey(req: IncomingMessage): string {
  for (const header of ['cf-connecting-ip', 'x-real-ip', 'x-forwarded-for']) {
    const value = req.headers[header]
    if (value !== undefined) return Array.isArray(value) ? value.join(',') : value
  }
  return req.socket.remoteAddress ?? ''
}

export async function startRandomuserServer(options: RandomuserServerOptions = {}): Promise<RandomuserServer> {
  const host = options.host ?? '127.0.0.1'
  const log = (options.logger ?? silentLogger()).child({ component: 'randomuser-server' })
  const stats: RandomuserServerStats = { requests: 0, users: 0 }
  let origin = `http://${host}` // completed with the port once listening
  const timers = new Set<NodeJS.Timeout>()
  const usage = new Map<string, number>()
  const windowTimer = options.rateLimit ? setInterval(() => usage.clear(), options.rateLimit.windowMs) : undefined
  windowTimer?.unref()

  const baseHeaders = (res: ServerResponse): void => {
    res.setHeader('X-Powered-By', 'Express')
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Vary', 'Accept-Encoding')
  }

  const sendText = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, {
      'Content-Type': contentTypeOf(body),
      'Content-Length': Buffer.byteLength(body),
      ...headers
    })
    res.end(res.req.method === 'HEAD' ? undefined : body)
  }

  const reset = (req: IncomingMessage): void => {
    const socket = req.socket
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
    else socket.destroy()
  }

  const sendUsers = async (
    req: IncomingMessage,
    res: ServerResponse,
    query: ApiQuery,
    fault: Fault | undefined
  ): Promise<number> => {
    const page = createPage({
      seed: query.seed,
      page: query.page,
      results: query.results,
      nat: query.nat,
      ...(query.gender ? { gender: query.gender } : {}),
      lego: query.lego,
      ...(query.password !== undefined ? { password: query.password } : {}),
      ...(options.now ? { now: options.now } : {})
    })
    const headers: Record<string, string> = { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache' }
    if (query.download) {
      headers['Content-Type'] = 'application/octet-stream'
      headers['Content-Disposition'] = 'attachment; filename="download.json"'
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, headers)
      res.end()
      return 0
    }
    const chunks = renderJson(page, {
      fields: query.fields,
      noinfo: query.noinfo,
      pretty: query.format === 'pretty',
      ...(query.callback !== undefined ? { callback: query.callback } : {}),
      ...(fault?.kind === 'wrong-shape' ? { mutate: corruptResult } : {})
    })
    if (fault?.kind === 'truncate') {
      const body = Buffer.from([...chunks].join(''))
      res.writeHead(200, headers)
      res.end(body.subarray(0, Math.floor(body.length / 2)))
      return 0
    }
    const gzip = options.compression === true && /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''))
    if (page.results <= STREAM_ABOVE_USERS) {
      const body = [...chunks].join('')
      if (gzip && Buffer.byteLength(body) >= 1024) {
        headers['Content-Encoding'] = 'gzip'
        res.writeHead(200, headers)
        const zip = createGzip()
        zip.pipe(res)
        zip.end(body)
      } else {
        res.writeHead(200, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) })
        res.end(body)
      }
      return page.results
    }
    // Large pages: write chunk by chunk, respecting backpressure; stop when the client goes away.
    if (gzip) headers['Content-Encoding'] = 'gzip'
    res.writeHead(200, headers)
    const zip = gzip ? createGzip({ flush: zlibConstants.Z_NO_FLUSH }) : undefined
    zip?.pipe(res)
    const sink = zip ?? res
    for (const chunk of chunks) {
      if (res.destroyed) return 0
      if (!sink.write(chunk)) await drained(sink, res)
    }
    if (res.destroyed) return 0
    sink.end()
    return page.results
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now()
    stats.requests++
    const requestNumber = stats.requests
    const rawUrl = req.url ?? '/'
    const url = new URL(rawUrl, origin)
    baseHeaders(res)
    let fault = options.faults?.(requestNumber, url)
    if (fault?.kind === 'hang') {
      const ms = fault.ms
      const proceeded = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer)
          resolve(true)
        }, ms)
        timers.add(timer)
        res.once('close', () => {
          clearTimeout(timer)
          timers.delete(timer)
          resolve(false)
        })
      })
      if (!proceeded) return
      fault = undefined
    }
    let users = 0
    if (fault?.kind === 'reset') {
      reset(req)
    } else if (fault?.kind === 'status') {
      const body =
        fault.body ??
        (fault.status === 429
          ? rateLimitBody(20000)
          : fault.status === 404
            ? NOT_FOUND
            : fault.status >= 500
              ? gatewayPage(fault.status)
              : JSON.stringify({ error: `HTTP ${fault.status}` }))
      sendText(
        res,
        fault.status,
        body,
        fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {}
      )
    } else if (fault?.kind === 'html') {
      sendText(res, 200, HTML_PAGE)
    } else if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
        Vary: 'Access-Control-Request-Headers',
        'Content-Length': '0'
      })
      res.end()
    } else {
      const route = API_PATH.exec(url.pathname)
      const key = clientKey(req)
      const used = usage.get(key) ?? 0
      if (options.rateLimit && route && used >= options.rateLimit.users) {
        // The real API checks the limit before the version, and does not count refused requests.
        sendText(res, 429, rateLimitBody(used))
      } else if (
        (req.method !== 'GET' && req.method !== 'HEAD') ||
        !route ||
        !(route[1] === undefined || route[1] === '' || route[1] === '1.4')
      ) {
        sendText(res, 404, NOT_FOUND)
      } else {
        const parsed = parseQuery(url.searchParams)
        if (!parsed.ok) {
          log.warn(
            { url: rawUrl, reason: parsed.reason },
            'the real API crashes on this request; resetting the connection'
          )
          reset(req)
        } else {
          if (options.rateLimit) usage.set(key, used + parsed.query.results)
          try {
            users = await sendUsers(req, res, parsed.query, fault)
          } catch (error) {
            if (res.headersSent) throw error
            log.warn(
              { url: rawUrl, err: errorMessage(error) },
              'the real API crashes on this request; resetting the connection'
            )
            reset(req)
          }
        }
      }
    }
    stats.users += users
    log.debug(
      {
        method: req.method,
        url: rawUrl,
        status: res.statusCode,
        users,
        fault: fault?.kind,
        ms: Math.round(performance.now() - started)
      },
      'request'
    )
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ url: req.url, err: errorMessage(error) }, 'request failed')
      if (!res.headersSent)
        sendText(
          res,
          500,
          JSON.stringify({
            error: 'Uh oh, something has gone wrong. Please tweet us @randomapi about the issue. Thank you.'
          })
        )
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 5000

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new UserStreamerError(
              'US_ERR_PORT_TAKEN',
              `randomuser server: port ${options.port ?? 0} on ${host} is already in use`,
              {
                hint: 'choose another port (--port), or 0 for any free port',
                cause: error
              }
            )
          : error
      )
    }
    server.once('error', onError)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  log.debug({ url: origin }, 'randomuser server listening')

  let closing: Promise<void> | undefined
  return {
    url: origin,
    apiUrl: `${origin}/api/`,
    port,
    host,
    stats,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        if (windowTimer) clearInterval(windowTimer)
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    }
  }
}
