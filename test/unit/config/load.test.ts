import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../../src/config/load.ts'
import { envName, flagName, settings } from '../../../src/config/schema.ts'
import { UserStreamerError } from '../../../src/errors.ts'

test('defaults match the seed design', () => {
  const config = loadConfig({ env: {} })
  assert.deepEqual(config.kafka.brokers, ['127.0.0.1:9092'])
  assert.equal(config.kafka.topic, 'users_created')
  assert.equal(config.cassandra.keyspace, 'spark_streams')
  assert.equal(config.cassandra.table, 'created_users')
  assert.deepEqual(config.cassandra.contactPoints, ['127.0.0.1:9042'])
  assert.ok(config.kafka.partitions >= 3)
})

test('env vars override defaults and flags override env vars', () => {
  const env = {
    USER_STREAMER_KAFKA_BROKERS: 'a:1, b:2',
    USER_STREAMER_KAFKA_PARTITIONS: '6',
    USER_STREAMER_LOG_PRETTY: 'true'
  }
  const fromEnv = loadConfig({ env })
  assert.deepEqual(fromEnv.kafka.brokers, ['a:1', 'b:2'])
  assert.equal(fromEnv.kafka.partitions, 6)
  assert.equal(fromEnv.log.pretty, true)
  const fromFlag = loadConfig({ env, flags: { 'kafka.partitions': '12' } })
  assert.equal(fromFlag.kafka.partitions, 12)
  assert.deepEqual(fromFlag.kafka.brokers, ['a:1', 'b:2'])
})

test('the result is deeply frozen', () => {
  const config = loadConfig({ env: {} })
  assert.throws(() => {
    ;(config.kafka as { topic: string }).topic = 'x'
  })
})

test('malformed values are rejected with the path, the origin, what arrived and the fix', () => {
  const error = (() => {
    try {
      loadConfig({ env: { USER_STREAMER_KAFKA_BROKERS: 'localhost' }, flags: { 'stack.kafka.port': '99999' } })
    } catch (e) {
      return e
    }
  })()
  assert.ok(error instanceof UserStreamerError)
  assert.equal(error.code, 'US_ERR_CONFIG')
  assert.match(
    error.message,
    /config\.kafka\.brokers\[0\] \(env USER_STREAMER_KAFKA_BROKERS\): got "localhost", expected "host:port" — add a port/
  )
  assert.match(
    error.message,
    /config\.stack\.kafka\.port \(flag --stack-kafka-port\): got 99999, expected a port between 1 and 65535/
  )
  assert.ok(!error.oneLine().includes('\n'))
})

test('unknown env vars with our prefix are rejected, not ignored', () => {
  assert.throws(
    () => loadConfig({ env: { USER_STREAMER_KAFKA_BROKER: '127.0.0.1:9092' } }),
    /unknown setting env USER_STREAMER_KAFKA_BROKER /
  )
})

test('enum settings name the allowed values', () => {
  assert.throws(
    () => loadConfig({ env: { USER_STREAMER_LOG_LEVEL: 'loud' } }),
    /use one of trace, debug, info, warn, error, fatal, silent/
  )
})

test('every setting has a unique env var and flag derived from its path', () => {
  assert.equal(new Set(settings.map((s) => s.env)).size, settings.length)
  assert.equal(envName('stack.kafka.controllerPort'), 'USER_STREAMER_STACK_KAFKA_CONTROLLER_PORT')
  assert.equal(flagName('stack.kafka.controllerPort'), '--stack-kafka-controller-port')
  for (const s of settings) assert.ok(s.description.length > 0, `${s.path} has a description`)
})
