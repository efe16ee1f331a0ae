import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { pino } from 'pino'
import { loadConfig } from '../../../src/config/load.ts'
import { keyspaceReplication, cassandraConsistency } from '../../../src/config/derived.ts'
import { secretPaths, settingsByPath } from '../../../src/config/schema.ts'
import { REDACTED, redactConfig, scrub } from '../../../src/config/secrets.ts'
import { UserStreamerError } from '../../../src/errors.ts'
import { redactPaths } from '../../../src/observability/logger.ts'
import { keyspaceDdl } from '../../../src/sink/cassandra/ddl.ts'

const dir = mkdtempSync(join(tmpdir(), 'us-secrets-'))

function configError(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    assert.ok(error instanceof UserStreamerError)
    assert.equal(error.code, 'US_ERR_CONFIG')
    return error.oneLine()
  }
  assert.fail('expected a configuration error')
}

test('the secret settings are exactly the passwords and tokens', () => {
  assert.deepEqual([...secretPaths].sort(), [
    'cassandra.password',
    'cassandra.ssl.keyPassword',
    'http.token',
    'kafka.sasl.password',
    'kafka.sasl.token',
    'kafka.ssl.keyPassword'
  ])
  assert.equal(settingsByPath.get('kafka.sasl.username')?.secret, false)
})

test('the new settings parse from env: brokers, TLS, SASL, Cassandra auth, per-DC replication, consistency', () => {
  const config = loadConfig({
    env: {
      USER_STREAMER_KAFKA_BROKERS: 'b1.example.com:9094,b2.example.com:9094,b3.example.com:9094',
      USER_STREAMER_KAFKA_SSL_ENABLED: 'true',
      USER_STREAMER_KAFKA_SSL_CA: '/etc/ssl/kafka-ca.pem',
      USER_STREAMER_KAFKA_SASL_MECHANISM: 'scram-sha-256',
      USER_STREAMER_KAFKA_SASL_USERNAME: 'svc',
      USER_STREAMER_KAFKA_SASL_PASSWORD: 'kafka-secret-1',
      USER_STREAMER_CASSANDRA_CONTACT_POINTS: 'c1:9042,c2:9042',
      USER_STREAMER_CASSANDRA_LOCAL_DATA_CENTER: 'eu-west',
      USER_STREAMER_CASSANDRA_USERNAME: 'app',
      USER_STREAMER_CASSANDRA_PASSWORD: 'cass-secret-1',
      USER_STREAMER_CASSANDRA_REPLICATION: 'eu-west:3,us-east:2',
      USER_STREAMER_CASSANDRA_SSL_ENABLED: 'yes'
    }
  })
  assert.equal(config.kafka.brokers.length, 3)
  assert.equal(config.kafka.sasl.mechanism, 'scram-sha-256')
  assert.equal(config.kafka.sasl.password, 'kafka-secret-1')
  assert.equal(config.cassandra.ssl.enabled, true)
  assert.deepEqual(keyspaceReplication(config), { 'eu-west': 3, 'us-east': 2 })
  assert.equal(cassandraConsistency(config), 'LOCAL_QUORUM')
  assert.equal(
    keyspaceDdl('ks', keyspaceReplication(config)),
    "CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'NetworkTopologyStrategy', 'eu-west': 3, 'us-east': 2}"
  )
  assert.equal(cassandraConsistency(loadConfig({ env: {} })), 'LOCAL_ONE')
  assert.equal(
    cassandraConsistency(loadConfig({ env: { USER_STREAMER_CASSANDRA_REPLICATION_FACTOR: '3' } })),
    'LOCAL_QUORUM'
  )
  assert.equal(
    cassandraConsistency(loadConfig({ env: { USER_STREAMER_CASSANDRA_CONSISTENCY: 'each_quorum' } })),
    'EACH_QUORUM'
  )
  assert.match(
    configError(() => loadConfig({ env: { USER_STREAMER_CASSANDRA_REPLICATION: 'dc1' } })),
    /config\.cassandra\.replication\[0\].*datacenter:replicas/
  )
})

test('a secret comes from <ENV>_FILE, without its trailing newline; a bad file names the variable', () => {
  const file = join(dir, 'password')
  writeFileSync(file, 'from-a-file-42\n')
  const config = loadConfig({
    env: {
      USER_STREAMER_KAFKA_SASL_MECHANISM: 'plain',
      USER_STREAMER_KAFKA_SASL_USERNAME: 'svc',
      USER_STREAMER_KAFKA_SASL_PASSWORD_FILE: file
    }
  })
  assert.equal(config.kafka.sasl.password, 'from-a-file-42')
  const missing = configError(() => loadConfig({ env: { USER_STREAMER_HTTP_TOKEN_FILE: join(dir, 'nope') } }))
  assert.match(missing, /config\.http\.token \(env USER_STREAMER_HTTP_TOKEN_FILE\): cannot read the secret file/)
  const both = configError(() =>
    loadConfig({ env: { USER_STREAMER_HTTP_TOKEN_FILE: file, USER_STREAMER_HTTP_TOKEN: 'inline-token' } })
  )
  assert.match(both, /both env USER_STREAMER_HTTP_TOKEN and env USER_STREAMER_HTTP_TOKEN_FILE/)
  // _FILE exists for secrets only.
  assert.match(
    configError(() => loadConfig({ env: { USER_STREAMER_KAFKA_BROKERS_FILE: file } })),
    /unknown setting/
  )
})

test('settings that go together are checked together, naming what is missing', () => {
  assert.match(
    configError(() =>
      loadConfig({
        env: { USER_STREAMER_KAFKA_SASL_MECHANISM: 'scram-sha-512', USER_STREAMER_KAFKA_SASL_USERNAME: 'u' }
      })
    ),
    /config\.kafka\.sasl\.password: .* USER_STREAMER_KAFKA_SASL_PASSWORD or USER_STREAMER_KAFKA_SASL_PASSWORD_FILE/
  )
  assert.match(
    configError(() => loadConfig({ env: { USER_STREAMER_KAFKA_SASL_MECHANISM: 'oauthbearer' } })),
    /config\.kafka\.sasl\.token/
  )
  assert.match(
    configError(() => loadConfig({ env: { USER_STREAMER_CASSANDRA_USERNAME: 'u' } })),
    /cassandra\.password/
  )
  assert.match(
    configError(() =>
      loadConfig({ env: { USER_STREAMER_CASSANDRA_SSL_ENABLED: 'true', USER_STREAMER_CASSANDRA_SSL_CERT: '/c.pem' } })
    ),
    /config\.cassandra\.ssl\.key/
  )
  assert.match(
    configError(() => loadConfig({ env: { USER_STREAMER_KAFKA_SSL_CA: '/ca.pem' } })),
    /config\.kafka\.ssl\.enabled: .*TLS is off/
  )
})

test('a malformed secret is reported without its value', () => {
  const message = configError(() =>
    loadConfig({ env: { USER_STREAMER_KAFKA_SASL_PASSWORD: 'p4ss-word-xyz' }, flags: { 'kafka.sasl.token': 42 } })
  )
  assert.doesNotMatch(message, /p4ss-word-xyz|42/)
  assert.match(message, /config\.kafka\.sasl\.token.*got \[redacted\]/)
})

test('redactConfig hides set secrets and keeps the rest; the loaded config is not changed', () => {
  const config = loadConfig({
    env: { USER_STREAMER_CASSANDRA_USERNAME: 'app', USER_STREAMER_CASSANDRA_PASSWORD: 'cass-pw-777' }
  })
  const shown = redactConfig(config)
  assert.equal(shown.cassandra.password, REDACTED)
  assert.equal(shown.cassandra.username, 'app')
  assert.equal(shown.http.token, '', 'an unset secret shows as unset')
  assert.equal(config.cassandra.password, 'cass-pw-777')
  assert.doesNotMatch(JSON.stringify(shown), /cass-pw-777/)
})

test('scrub removes loaded secret values (plain and JSON-escaped) and URL passwords from any text', () => {
  loadConfig({ env: { USER_STREAMER_HTTP_TOKEN: 'tok"en\\with-quotes' } })
  loadConfig({ env: { USER_STREAMER_CASSANDRA_USERNAME: 'a', USER_STREAMER_CASSANDRA_PASSWORD: 'scrub-me-123' } })
  assert.equal(scrub('x scrub-me-123 y scrub-me-123'), `x ${REDACTED} y ${REDACTED}`)
  assert.equal(scrub(JSON.stringify({ t: 'tok"en\\with-quotes' })), `{"t":"${REDACTED}"}`)
  assert.equal(scrub('GET https://user:hunter22@host/api'), `GET https://user:${REDACTED}@host/api`)
  assert.equal(scrub('nothing secret here'), 'nothing secret here')
})

test('log lines never carry a secret: redact paths and the scrub hook', () => {
  loadConfig({ env: { USER_STREAMER_CASSANDRA_USERNAME: 'a', USER_STREAMER_CASSANDRA_PASSWORD: 'log-secret-9' } })
  let out = ''
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString()
      done()
    }
  })
  const logger = pino({ redact: { paths: [...redactPaths], censor: REDACTED }, hooks: { streamWrite: scrub } }, sink)
  logger.info({ password: 'direct-pw-1', sasl: { password: 'x' }, headers: { authorization: 'Bearer abc' } }, 'a')
  logger.error({ err: new Error('connect failed with log-secret-9') }, 'the driver said log-secret-9')
  assert.doesNotMatch(out, /direct-pw-1|log-secret-9|Bearer abc/)
  assert.match(out, /\[redacted\]/)
})
