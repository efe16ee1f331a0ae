// The secured variant of the local stack (`services up --secure`, stack.secure): Kafka with a SASL_SSL listener
// (SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN) and Cassandra with PasswordAuthenticator and client encryption, both
// with certificates from a throwaway CA made at start-up. It lives in <stack.dir>/secure (its own data, which the
// plaintext stack's cannot be mixed with) and uses the same port settings (stack.kafka.port ...).
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../config/load.ts'
import { registerSecret } from '../config/secrets.ts'
import { type Config, envName } from '../config/schema.ts'
import { type Pki, pkiPaths } from './pki.ts'
import { stackDir } from './paths.ts'

/** The application user of the secured stack, in Kafka and in Cassandra. */
export const APP_USER = 'app'
/** Kafka's inter-broker user (PLAIN). */
export const KAFKA_ADMIN_USER = 'admin'
/** Cassandra's built-in superuser; its default password is replaced at first start. */
export const CASSANDRA_SUPERUSER = 'cassandra'

export interface SecureCredentials {
  kafkaAppPassword: string
  kafkaAdminPassword: string
  cassandraAppPassword: string
  cassandraAdminPassword: string
  storePassword: string
}

export function secureHome(config: Config): string {
  return join(stackDir(config.stack.dir), 'secure')
}

export function securePaths(config: Config): {
  home: string
  credentials: string
  secrets: string
  kafkaPasswordFile: string
  cassandraPasswordFile: string
  clientEnv: string
  pki: Pki
} {
  const home = secureHome(config)
  const secrets = join(home, 'secrets')
  return {
    home,
    credentials: join(secrets, 'credentials.json'),
    secrets,
    kafkaPasswordFile: join(secrets, 'kafka-password'),
    cassandraPasswordFile: join(secrets, 'cassandra-password'),
    clientEnv: join(home, 'client.env'),
    pki: pkiPaths(join(home, 'tls'))
  }
}

const newPassword = (): string => randomBytes(18).toString('base64url')

/** The stack's passwords: made once (Kafka's SCRAM credentials are written into its storage at format time). */
export function secureCredentials(config: Config): SecureCredentials {
  const paths = securePaths(config)
  let credentials: SecureCredentials
  if (existsSync(paths.credentials)) {
    credentials = JSON.parse(readFileSync(paths.credentials, 'utf8')) as SecureCredentials
  } else {
    mkdirSync(paths.secrets, { recursive: true, mode: 0o700 })
    credentials = {
      kafkaAppPassword: newPassword(),
      kafkaAdminPassword: newPassword(),
      cassandraAppPassword: newPassword(),
      cassandraAdminPassword: newPassword(),
      storePassword: newPassword()
    }
    writeFileSync(paths.credentials, JSON.stringify(credentials, null, 2), { mode: 0o600 })
    writeFileSync(paths.kafkaPasswordFile, credentials.kafkaAppPassword + '\n', { mode: 0o600 })
    writeFileSync(paths.cassandraPasswordFile, credentials.cassandraAppPassword + '\n', { mode: 0o600 })
    chmodSync(paths.secrets, 0o700)
  }
  // Whatever this process logs about the stack, these never show.
  for (const value of Object.values(credentials)) registerSecret(value)
  return credentials
}

/** USER_STREAMER_* settings for a client of the secured stack; passwords by file (`_FILE`), never inline. */
export function secureClientEnv(config: Config): Record<string, string> {
  const paths = securePaths(config)
  return {
    [envName('kafka.brokers')]: `127.0.0.1:${config.stack.kafka.port}`,
    [envName('kafka.ssl.enabled')]: 'true',
    [envName('kafka.ssl.ca')]: paths.pki.caCert,
    [envName('kafka.sasl.mechanism')]: 'scram-sha-512',
    [envName('kafka.sasl.username')]: APP_USER,
    [`${envName('kafka.sasl.password')}_FILE`]: paths.kafkaPasswordFile,
    [envName('cassandra.contactPoints')]: `127.0.0.1:${config.stack.cassandra.port}`,
    [envName('cassandra.username')]: APP_USER,
    [`${envName('cassandra.password')}_FILE`]: paths.cassandraPasswordFile,
    [envName('cassandra.ssl.enabled')]: 'true',
    [envName('cassandra.ssl.ca')]: paths.pki.caCert
  }
}

/** Writes <stack.dir>/secure/client.env (`set -a; . client.env; set +a` points a shell's commands at the stack). */
export function writeClientEnv(config: Config): string {
  const paths = securePaths(config)
  const lines = Object.entries(secureClientEnv(config)).map(([name, value]) => `${name}=${value}`)
  writeFileSync(
    paths.clientEnv,
    ['# clients of the secured local stack (services up --secure)', ...lines, ''].join('\n')
  )
  return paths.clientEnv
}

/** The config a client of the secured stack uses (the stack's own probes). */
export function secureClientConfig(config: Config): Config {
  secureCredentials(config)
  return loadConfig({ env: { ...secureClientEnv(config), USER_STREAMER_LOG_LEVEL: config.log.level } })
}
