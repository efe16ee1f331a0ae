import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../../src/config/load.ts'
import { jaasQuote, sparkCassandraConf, sparkKafkaOptions } from '../../../src/config/spark-options.ts'
import { UserStreamerError } from '../../../src/errors.ts'

const files: Record<string, string> = { '/tls/client.pem': 'CERT-PEM', '/tls/client.key': 'KEY-PEM' }
const readFile = (path: string): string => files[path] ?? assert.fail(`unexpected read of ${path}`)

test('plaintext defaults: bootstrap servers and PLAINTEXT', () => {
  assert.deepEqual(sparkKafkaOptions(loadConfig({ env: {} })), {
    'kafka.bootstrap.servers': '127.0.0.1:9092',
    'kafka.security.protocol': 'PLAINTEXT'
  })
  assert.deepEqual(sparkCassandraConf(loadConfig({ env: {} })), {
    'spark.cassandra.connection.host': '127.0.0.1:9042',
    'spark.cassandra.connection.localDC': 'datacenter1',
    'spark.cassandra.output.consistency.level': 'LOCAL_ONE',
    'spark.cassandra.input.consistency.level': 'LOCAL_ONE'
  })
})

test('Kafka SASL_SSL with SCRAM, a PEM CA and a client certificate', () => {
  const config = loadConfig({
    env: {
      USER_STREAMER_KAFKA_BROKERS: 'b1:9094,b2:9094',
      USER_STREAMER_KAFKA_SSL_ENABLED: 'true',
      USER_STREAMER_KAFKA_SSL_CA: '/tls/ca.pem',
      USER_STREAMER_KAFKA_SSL_CERT: '/tls/client.pem',
      USER_STREAMER_KAFKA_SSL_KEY: '/tls/client.key',
      USER_STREAMER_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      USER_STREAMER_KAFKA_SASL_USERNAME: 'svc',
      USER_STREAMER_KAFKA_SASL_PASSWORD: 'p"w\\d'
    }
  })
  assert.deepEqual(sparkKafkaOptions(config, { readFile }), {
    'kafka.bootstrap.servers': 'b1:9094,b2:9094',
    'kafka.security.protocol': 'SASL_SSL',
    'kafka.sasl.mechanism': 'SCRAM-SHA-512',
    'kafka.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="p\\"w\\\\d";',
    'kafka.ssl.truststore.type': 'PEM',
    'kafka.ssl.truststore.location': '/tls/ca.pem',
    'kafka.ssl.keystore.type': 'PEM',
    'kafka.ssl.keystore.certificate.chain': 'CERT-PEM',
    'kafka.ssl.keystore.key': 'KEY-PEM',
    'kafka.ssl.endpoint.identification.algorithm': 'https'
  })
  assert.equal(jaasQuote('a"b'), '"a\\"b"')
})

test('PLAIN without TLS is SASL_PLAINTEXT; OAUTHBEARER has no static-token form in Java', () => {
  const plain = loadConfig({
    env: {
      USER_STREAMER_KAFKA_SASL_MECHANISM: 'plain',
      USER_STREAMER_KAFKA_SASL_USERNAME: 'u',
      USER_STREAMER_KAFKA_SASL_PASSWORD: 'p'
    }
  })
  const options = sparkKafkaOptions(plain)
  assert.equal(options['kafka.security.protocol'], 'SASL_PLAINTEXT')
  assert.match(
    options['kafka.sasl.jaas.config'] ?? '',
    /^org\.apache\.kafka\.common\.security\.plain\.PlainLoginModule/
  )
  const oauth = loadConfig({
    env: { USER_STREAMER_KAFKA_SASL_MECHANISM: 'oauthbearer', USER_STREAMER_KAFKA_SASL_TOKEN: 'jwt' }
  })
  assert.throws(
    () => sparkKafkaOptions(oauth),
    (error: unknown) => error instanceof UserStreamerError && error.code === 'US_ERR_CONFIG'
  )
})

test('Cassandra: contact points, local DC, auth, TLS trust store, consistency from per-DC replication', () => {
  const config = loadConfig({
    env: {
      USER_STREAMER_CASSANDRA_CONTACT_POINTS: 'c1:9042,c2:9142',
      USER_STREAMER_CASSANDRA_LOCAL_DATA_CENTER: 'dc1',
      USER_STREAMER_CASSANDRA_REPLICATION: 'dc1:3,dc2:3',
      USER_STREAMER_CASSANDRA_USERNAME: 'app',
      USER_STREAMER_CASSANDRA_PASSWORD: 'secret',
      USER_STREAMER_CASSANDRA_SSL_ENABLED: 'true',
      USER_STREAMER_CASSANDRA_SSL_CA: '/tls/truststore.p12'
    }
  })
  assert.deepEqual(sparkCassandraConf(config, { storePassword: 'store' }), {
    'spark.cassandra.connection.host': 'c1:9042,c2:9142',
    'spark.cassandra.connection.localDC': 'dc1',
    'spark.cassandra.output.consistency.level': 'LOCAL_QUORUM',
    'spark.cassandra.input.consistency.level': 'LOCAL_QUORUM',
    'spark.cassandra.auth.username': 'app',
    'spark.cassandra.auth.password': 'secret',
    'spark.cassandra.connection.ssl.enabled': 'true',
    'spark.cassandra.connection.ssl.trustStore.path': '/tls/truststore.p12',
    'spark.cassandra.connection.ssl.trustStore.type': 'PKCS12',
    'spark.cassandra.connection.ssl.trustStore.password': 'store'
  })
  const pem = loadConfig({
    env: { USER_STREAMER_CASSANDRA_SSL_ENABLED: 'true', USER_STREAMER_CASSANDRA_SSL_CA: '/tls/ca.pem' }
  })
  assert.throws(
    () => sparkCassandraConf(pem),
    (error: unknown) =>
      error instanceof UserStreamerError && /cassandra\.ssl\.ca .*keytool -importcert/.test(error.oneLine())
  )
})
