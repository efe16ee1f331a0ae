// The secured stack end to end: `services up --secure` on free ports (Kafka SASL_SSL with SCRAM, Cassandra with
// PasswordAuthenticator and client encryption, a throwaway CA), the whole pipeline over it through the real CLI,
// the three misconfigurations that must fail fast with one line naming the setting, and no secret in anything
// printed or logged meanwhile (CLI output, HTTP responses, the servers' own logs).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { type CliResult, cliPath, freePort, repoRoot, runCli, uniqueName } from '../helpers.ts'

const captured: string[] = []
let stackDir = ''
let baseEnv: NodeJS.ProcessEnv = {}
let clientEnv: Record<string, string> = {}
let server: Awaited<ReturnType<typeof startRandomuserServer>>
const names = { topic: '', keyspace: '' }
const wrongPassword = `wrong-${uniqueName('pw')}`

async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 120_000
): Promise<CliResult & { ms: number }> {
  const started = Date.now()
  const merged: NodeJS.ProcessEnv = { ...baseEnv, ...clientEnv }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key]
    else merged[key] = value
  }
  const result = await runCli(args, { env: merged, timeoutMs })
  captured.push(`$ ${args.join(' ')}\n${result.stdout}\n${result.stderr}`)
  return { ...result, ms: Date.now() - started }
}

const pipelineFlags = (): string[] => [
  '--kafka-topic',
  names.topic,
  '--kafka-dlq-topic',
  `${names.topic}.dlq`,
  '--kafka-group-id',
  `g_${names.topic}`,
  '--cassandra-keyspace',
  names.keyspace
]

before(async () => {
  // A stack dir of its own (never the default stack's), sharing the cached jars of the repo's stack dir.
  stackDir = mkdtempSync(join(tmpdir(), 'user-streamer-secure-'))
  const sharedLib = join(resolve(repoRoot, process.env.USER_STREAMER_STACK_DIR ?? '.user-streamer'), 'lib')
  mkdirSync(sharedLib, { recursive: true })
  symlinkSync(sharedLib, join(stackDir, 'lib'))
  baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('USER_STREAMER_')))
  Object.assign(baseEnv, {
    USER_STREAMER_STACK_DIR: stackDir,
    USER_STREAMER_STACK_SECURE: 'true',
    USER_STREAMER_STACK_KAFKA_PORT: String(await freePort()),
    USER_STREAMER_STACK_KAFKA_CONTROLLER_PORT: String(await freePort()),
    USER_STREAMER_STACK_CASSANDRA_PORT: String(await freePort()),
    USER_STREAMER_STACK_CASSANDRA_STORAGE_PORT: String(await freePort()),
    USER_STREAMER_STACK_KAFKA_HEAP: '256m',
    USER_STREAMER_STACK_CASSANDRA_HEAP: '512m',
    USER_STREAMER_LOG_LEVEL: 'info'
  })
  const up = await cli(['services', 'up', '--secure'], {}, 300_000)
  assert.equal(up.code, 0, up.stderr)
  assert.match(up.stdout, /secured stack: Kafka SASL_SSL/)
  const envFile = join(stackDir, 'secure', 'client.env')
  clientEnv = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .filter((line) => /^USER_STREAMER_\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
  server = await startRandomuserServer({ port: 0 })
  names.topic = uniqueName('sec')
  names.keyspace = uniqueName('ks_sec').toLowerCase()
})

after(async () => {
  await server?.close()
  if (stackDir) {
    const down = await cli(['services', 'down', '--secure'], {}, 180_000)
    assert.equal(down.code, 0, down.stderr)
    rmSync(stackDir, { recursive: true, force: true })
  }
})

test(
  'the whole pipeline runs over SASL_SSL (SCRAM-SHA-512) and authenticated TLS Cassandra',
  { timeout: 180_000 },
  async () => {
    // Passwords come from files (_FILE), as client.env says; none is inline.
    assert.ok(clientEnv.USER_STREAMER_KAFKA_SASL_PASSWORD_FILE && clientEnv.USER_STREAMER_CASSANDRA_PASSWORD_FILE)
    assert.equal(statSync(clientEnv.USER_STREAMER_KAFKA_SASL_PASSWORD_FILE).mode & 0o077, 0, 'secret files are 0600')
    const source = ['--source', `${server.url}/api/`, '--source-requests-per-second', '1000', '--source-seed', 'secure']
    const ingest = await cli(['ingest', '--count', '1500', ...source, ...pipelineFlags()])
    assert.equal(ingest.code, 0, ingest.stderr)
    assert.match(ingest.stdout, /1500 users produced/)
    const processed = await cli(['process', '--drain', ...pipelineFlags()])
    assert.equal(processed.code, 0, processed.stderr)
    assert.match(processed.stdout, /written 1500/)
    const verified = await cli(['verify', '--json', ...pipelineFlags()])
    assert.equal(verified.code, 0, verified.stderr)
    const report = JSON.parse(verified.stdout) as { ok: boolean; rows: number; missing: number }
    assert.deepEqual(
      { ok: report.ok, rows: report.rows, missing: report.missing },
      { ok: true, rows: 1500, missing: 0 }
    )
    const users = await cli(['users', '--limit', '2', '--json', ...pipelineFlags()])
    assert.equal(users.code, 0, users.stderr)
    assert.equal((JSON.parse(users.stdout) as unknown[]).length, 2)
    // The effective configuration shows that secrets are set, never what they are.
    const printed = await cli(['config', '--print'])
    assert.equal(printed.code, 0, printed.stderr)
    const config = JSON.parse(printed.stdout) as {
      kafka: { sasl: { password: string } }
      cassandra: { password: string }
    }
    assert.equal(config.kafka.sasl.password, '[redacted]')
    assert.equal(config.cassandra.password, '[redacted]')
  }
)

/** One line on stderr, with the code and the setting to fix, quickly and with a non-zero exit. */
function assertFailsFast(result: CliResult & { ms: number }, code: string, setting: RegExp): void {
  assert.equal(result.code, 1, `exit code: ${result.stderr}`)
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('user-streamer: '))
  assert.equal(lines.length, 1, result.stderr)
  assert.match(lines[0] ?? '', new RegExp(`^user-streamer: ${code}: `))
  assert.match(lines[0] ?? '', setting)
  assert.ok(result.ms < 30_000, `took ${result.ms} ms`)
}

test('a wrong password fails fast naming the password setting', { timeout: 120_000 }, async () => {
  const kafka = await cli(['ingest', '--count', '10', '--source', `${server.url}/api/`, ...pipelineFlags()], {
    USER_STREAMER_KAFKA_SASL_PASSWORD_FILE: undefined,
    USER_STREAMER_KAFKA_SASL_PASSWORD: wrongPassword
  })
  assertFailsFast(kafka, 'US_ERR_KAFKA_AUTH', /kafka\.sasl\.password \(USER_STREAMER_KAFKA_SASL_PASSWORD/)
  const cassandra = await cli(['users', '--limit', '1', ...pipelineFlags()], {
    USER_STREAMER_CASSANDRA_PASSWORD_FILE: undefined,
    USER_STREAMER_CASSANDRA_PASSWORD: wrongPassword
  })
  assertFailsFast(cassandra, 'US_ERR_CASSANDRA_AUTH', /cassandra\.password \(USER_STREAMER_CASSANDRA_PASSWORD/)
})

test('a plaintext client on the TLS port fails fast naming ssl.enabled', { timeout: 120_000 }, async () => {
  const kafka = await cli(['ingest', '--count', '10', '--source', `${server.url}/api/`, ...pipelineFlags()], {
    USER_STREAMER_KAFKA_SSL_ENABLED: 'false',
    USER_STREAMER_KAFKA_SSL_CA: undefined
  })
  assertFailsFast(kafka, 'US_ERR_KAFKA_TLS', /kafka\.ssl\.enabled=true/)
  const cassandra = await cli(['users', '--limit', '1', ...pipelineFlags()], {
    USER_STREAMER_CASSANDRA_SSL_ENABLED: 'false',
    USER_STREAMER_CASSANDRA_SSL_CA: undefined
  })
  assertFailsFast(cassandra, 'US_ERR_CASSANDRA_TLS', /cassandra\.ssl\.enabled=true/)
})

test('an untrusted server certificate fails fast naming ssl.ca', { timeout: 120_000 }, async () => {
  // No CA bundle: the system CAs, which never signed the throwaway CA's certificates.
  const kafka = await cli(['ingest', '--count', '10', '--source', `${server.url}/api/`, ...pipelineFlags()], {
    USER_STREAMER_KAFKA_SSL_CA: undefined
  })
  assertFailsFast(kafka, 'US_ERR_KAFKA_TLS', /not trusted.*kafka\.ssl\.ca \(USER_STREAMER_KAFKA_SSL_CA\)/)
  const cassandra = await cli(['users', '--limit', '1', ...pipelineFlags()], {
    USER_STREAMER_CASSANDRA_SSL_CA: undefined
  })
  assertFailsFast(
    cassandra,
    'US_ERR_CASSANDRA_TLS',
    /not trusted.*cassandra\.ssl\.ca \(USER_STREAMER_CASSANDRA_SSL_CA\)/
  )
})

test('no secret appears in any output, response or server log of these tests', { timeout: 120_000 }, async () => {
  // The HTTP API over the secured stack: its responses too (readyz talks to both over TLS).
  const port = await freePort()
  const serve = runCliInBackground(['serve', '--http-port', String(port), ...pipelineFlags()])
  try {
    const ready = await poll(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined)
      return response?.status === 200 ? await response.text() : undefined
    })
    captured.push(ready, await (await fetch(`http://127.0.0.1:${port}/metrics`)).text())
    captured.push(await (await fetch(`http://127.0.0.1:${port}/api/runs?limit=5`)).text())
  } finally {
    serve.kill('SIGTERM')
    await new Promise((r) => serve.once('close', r))
    captured.push(serve.output())
  }

  const secretDir = join(stackDir, 'secure', 'secrets')
  const credentials = JSON.parse(readFileSync(join(secretDir, 'credentials.json'), 'utf8')) as Record<string, string>
  const secrets = [...Object.values(credentials), wrongPassword]
  assert.ok(secrets.length >= 6)
  const logs = ['kafka', 'cassandra'].flatMap((service) => {
    const dir = join(stackDir, 'secure', service, 'logs')
    return existsSync(dir) ? readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8')) : []
  })
  const everything = [...captured, ...logs].join('\n')
  assert.ok(everything.length > 10_000, 'output was captured')
  for (const secret of secrets) assert.ok(!everything.includes(secret), `a secret (${secret.slice(0, 3)}…) was printed`)
  assert.match(everything, /\[redacted\]/)
})

// ---- helpers ------------------------------------------------------------------------------------------------------
function runCliInBackground(args: string[]): ReturnType<typeof spawn> & { output(): string } {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    env: { ...baseEnv, ...clientEnv },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return Object.assign(child, { output: () => output })
}

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error('timed out')
}
