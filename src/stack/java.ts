// Find a Java >= 17 (JAVA_HOME first, then PATH). Kafka 4 and Cassandra 5 both need it.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { UserStreamerError } from '../errors.ts'

export const MIN_JAVA = 17

export interface JavaInfo {
  bin: string
  major: number
  version: string
}

/** Parses `java -version` output: `openjdk version "17.0.15" …` or `java version "1.8.0_392"`. */
export function parseJavaVersion(output: string): { major: number; version: string } | undefined {
  const match = /version "([^"]+)"/.exec(output)
  if (!match?.[1]) return undefined
  const version = match[1]
  const parts = version.split(/[._-]/)
  const first = Number(parts[0])
  const major = first === 1 ? Number(parts[1]) : first
  return Number.isFinite(major) ? { major, version } : undefined
}

export function findJava(env: NodeJS.ProcessEnv = process.env): JavaInfo {
  const bin = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java'
  const result = spawnSync(bin, ['-version'], { encoding: 'utf8', env })
  if (result.error || result.status !== 0) {
    throw new UserStreamerError('US_ERR_JAVA_MISSING', `Java not found (tried ${bin})`, {
      hint: `install Java ${MIN_JAVA}+ (e.g. apt-get install openjdk-17-jdk-headless) and put it on PATH or set JAVA_HOME`
    })
  }
  const parsed = parseJavaVersion(`${result.stderr}\n${result.stdout}`)
  if (!parsed) {
    throw new UserStreamerError('US_ERR_JAVA_MISSING', `could not read the Java version from \`${bin} -version\``, {
      hint: `install Java ${MIN_JAVA}+ and put it on PATH or set JAVA_HOME`
    })
  }
  if (parsed.major < MIN_JAVA) {
    throw new UserStreamerError(
      'US_ERR_JAVA_VERSION',
      `Java ${parsed.version} found (${bin}), but Kafka 4 and Cassandra 5 need Java ${MIN_JAVA} or newer`,
      { hint: `install Java ${MIN_JAVA}+ and put it first on PATH or point JAVA_HOME at it` }
    )
  }
  return { bin, ...parsed }
}
