// The contract of a locally run service (Kafka, Cassandra, later Spark): what it listens on, how to start it,
// and how to tell it is ready by talking to it as a client would.
import type { Config } from '../config/schema.ts'
import type { JavaInfo } from './java.ts'

export interface ServicePort {
  port: number
  /** Config path that sets it, for the error message when it is taken. */
  setting: string
  what: string
}

export interface LaunchContext {
  config: Config
  java: JavaInfo
  /** <stack.dir>/<service> */
  home: string
  /** Directory of the resolved jars. */
  lib: string
}

export interface Launch {
  args: string[]
  logFile: string
}

export interface ServiceSpec {
  name: string
  /** Main class, used to make sure a recorded pid is still our JVM. */
  mainClass: string
  pom: string
  version: string
  ports(config: Config): ServicePort[]
  /** Log file a human should read. */
  logFile(home: string): string
  dataDir(home: string): string
  /** Writes config files, formats storage; returns the JVM arguments. */
  prepare(context: LaunchContext): Promise<Launch>
  /** One readiness probe: resolves with a detail string (e.g. the server version) or throws. */
  probe(config: Config, timeoutMs: number): Promise<string>
}
