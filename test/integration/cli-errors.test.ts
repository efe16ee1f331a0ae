// Start-up problems a user can hit: each is one line on stderr naming what is wrong and what to do, exit code != 0.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { freePort, runCli } from '../helpers.ts'

const scratch = mkdtempSync(join(tmpdir(), 'us-cli-errors-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

async function isolatedArgs(): Promise<string[]> {
  return [
    'services',
    'up',
    '--stack-dir',
    mkdtempSync(join(scratch, 'stack-')),
    '--stack-kafka-port',
    String(await freePort()),
    '--stack-kafka-controller-port',
    String(await freePort()),
    '--stack-cassandra-port',
    String(await freePort()),
    '--stack-cassandra-storage-port',
    String(await freePort())
  ]
}

function binDir(name: string, entries: Record<string, string | { link: string }>): string {
  const dir = join(scratch, name)
  execFileSync('mkdir', ['-p', dir])
  for (const [file, content] of Object.entries(entries)) {
    if (typeof content === 'string') {
      writeFileSync(join(dir, file), content)
      chmodSync(join(dir, file), 0o755)
    } else symlinkSync(content.link, join(dir, file))
  }
  return dir
}

function assertOneLine(stderr: string, code: RegExp): void {
  const lines = stderr.trim().split('\n')
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`)
  assert.match(lines[0] ?? '', code)
}

const envWithout = (path: string): NodeJS.ProcessEnv => {
  const { JAVA_HOME: _javaHome, ...rest } = process.env
  return { ...rest, PATH: path }
}

test('a port already taken: one line naming the port and the setting, exit != 0', async () => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  const taken = (blocker.address() as { port: number }).port
  try {
    const args = await isolatedArgs()
    args[args.indexOf('--stack-kafka-port') + 1] = String(taken)
    const result = await runCli(args)
    assert.notEqual(result.code, 0)
    assertOneLine(
      result.stderr,
      new RegExp(
        `^user-streamer: US_ERR_PORT_TAKEN: port ${taken} on 127\\.0\\.0\\.1 \\(Kafka broker\\) is already in use — .*--stack-kafka-port or USER_STREAMER_STACK_KAFKA_PORT$`
      )
    )
  } finally {
    blocker.close()
  }
})

test('Java missing: one line saying to install Java 17+, exit != 0', async () => {
  const bin = binDir('no-java', {})
  const result = await runCli(await isolatedArgs(), { env: envWithout(bin) })
  assert.notEqual(result.code, 0)
  assertOneLine(result.stderr, /^user-streamer: US_ERR_JAVA_MISSING: Java not found .* — install Java 17\+/)
})

test('Java older than 17: one line naming the version found, exit != 0', async () => {
  const bin = binDir('old-java', { java: '#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n' })
  const result = await runCli(await isolatedArgs(), { env: envWithout(bin) })
  assert.notEqual(result.code, 0)
  assertOneLine(result.stderr, /^user-streamer: US_ERR_JAVA_VERSION: Java 11\.0\.22 found .* need Java 17 or newer — /)
})

test('Maven missing on a first run: one line saying to install Maven, exit != 0', async () => {
  const java = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim()
  const bin = binDir('java-no-maven', { java: { link: java } })
  const result = await runCli(await isolatedArgs(), { env: envWithout(bin) })
  assert.notEqual(result.code, 0)
  assertOneLine(
    result.stderr,
    /^user-streamer: US_ERR_MAVEN_MISSING: Maven \(mvn\) not found on PATH.* — install Maven/
  )
})

test('a malformed setting: one line with the path and the fix, exit 2', async () => {
  const result = await runCli(['services', 'up', '--stack-kafka-port', 'ninety'])
  assert.equal(result.code, 2)
  assertOneLine(
    result.stderr,
    /^user-streamer: US_ERR_CONFIG: .*config\.stack\.kafka\.port \(flag --stack-kafka-port\): got "ninety", expected a port number/
  )
})
