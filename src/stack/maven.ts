// Artifacts come from Maven Central through Maven and a pom kept in the repo (stack/<component>/pom.xml).
// The resolved classpath is copied to <stack.dir>/lib/<component>-<version>/ and reused on later runs.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { UserStreamerError } from '../errors.ts'

const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1'

export interface ResolveOptions {
  component: string
  pom: string
  libDir: string
  /** Called with a short human line as downloads progress. */
  onProgress?: (line: string) => void
  env?: NodeJS.ProcessEnv
}

/** Reads a `<name>…</name>` property from a pom (the pom is the single place a version is written). */
export function pomProperty(pom: string, name: string): string {
  const match = new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</`).exec(readFileSync(pom, 'utf8'))
  if (!match?.[1]) throw new Error(`property ${name} not found in ${pom}`)
  return match[1].trim()
}

function assertMaven(env: NodeJS.ProcessEnv): void {
  const probe = spawnSync('mvn', ['-v'], { encoding: 'utf8', env })
  if (probe.error || probe.status !== 0) {
    throw new UserStreamerError(
      'US_ERR_MAVEN_MISSING',
      'Maven (mvn) not found on PATH; it fetches Kafka and Cassandra from Maven Central',
      {
        hint: 'install Maven 3.6+ (e.g. apt-get install maven) and put mvn on PATH'
      }
    )
  }
}

/** Returns the directory holding the component's jars, resolving them first if needed. */
export async function resolveClasspath(options: ResolveOptions): Promise<string> {
  const env = options.env ?? process.env
  const pomText = readFileSync(options.pom, 'utf8')
  const stamp = createHash('sha256').update(pomText).digest('hex')
  const marker = join(options.libDir, '.resolved')
  if (existsSync(marker) && readFileSync(marker, 'utf8') === stamp) return options.libDir

  assertMaven(env)
  rmSync(options.libDir, { recursive: true, force: true })
  mkdirSync(options.libDir, { recursive: true })
  options.onProgress?.(
    `${options.component}: resolving artifacts from Maven Central (first run downloads them; this takes a few minutes)`
  )

  const args = [
    '-B',
    '-f',
    options.pom,
    `${DEPENDENCY_PLUGIN}:copy-dependencies`,
    `-DoutputDirectory=${options.libDir}`,
    '-DincludeScope=runtime'
  ]
  const child = spawn('mvn', args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const tail: string[] = []
  let downloaded = 0
  let bytes = 0
  let lastReport = 0
  const lines = createInterface({ input: child.stdout })
  lines.on('line', (line) => {
    tail.push(line)
    if (tail.length > 30) tail.shift()
    const match = /^Downloaded from [^:]+: \S+ \(([\d.]+) (B|kB|MB)/.exec(line)
    if (!match) return
    downloaded++
    bytes += Number(match[1]) * (match[2] === 'MB' ? 1e6 : match[2] === 'kB' ? 1e3 : 1)
    if (Date.now() - lastReport > 2000) {
      lastReport = Date.now()
      options.onProgress?.(`${options.component}: downloaded ${downloaded} files, ${(bytes / 1e6).toFixed(1)} MB`)
    }
  })
  child.stderr.on('data', (chunk: Buffer) => tail.push(chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) {
    const reason =
      tail
        .filter((line) => line.includes('[ERROR]'))
        .slice(0, 2)
        .join(' ') || `mvn exited with ${code}`
    throw new UserStreamerError(
      'US_ERR_MAVEN_RESOLVE',
      `could not resolve ${options.component} from Maven Central: ${reason}`,
      {
        hint: 'check network access to https://repo.maven.apache.org (or your Maven mirror in ~/.m2/settings.xml) and retry',
        retryable: true
      }
    )
  }
  const jars = readdirSync(options.libDir).filter((file) => file.endsWith('.jar')).length
  writeFileSync(marker, stamp)
  options.onProgress?.(
    `${options.component}: ${jars} jars ready in ${options.libDir}${downloaded ? ` (${downloaded} files downloaded)` : ''}`
  )
  return options.libDir
}
