// Container healthcheck without curl (node:*-slim has none): GET a URL, exit 0 on a 2xx answer, 1 otherwise.
// Usage: node docker/healthcheck.mjs [URL]
// Default URL: http://127.0.0.1:$USER_STREAMER_HTTP_PORT/healthz (the HTTP API's liveness endpoint, port 8080 if unset).
const port = process.env.USER_STREAMER_HTTP_PORT || '8080'
const url = process.argv[2] || `http://127.0.0.1:${port}/healthz`

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) })
  const body = (await response.text()).slice(0, 300)
  process.stdout.write(`${response.status} ${url} ${body}\n`)
  process.exitCode = response.ok ? 0 : 1
} catch (error) {
  process.stdout.write(`unreachable ${url}: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
