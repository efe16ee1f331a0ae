import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../../src/config/load.ts'
import { cassandraYaml } from '../../../src/stack/cassandra.ts'
import { newClusterId, serverProperties } from '../../../src/stack/kafka.ts'

test('Kafka runs as one KRaft broker+controller on the configured loopback ports', () => {
  const config = loadConfig({ env: {}, flags: { 'stack.kafka.port': '19092', 'stack.kafka.controllerPort': '19093' } })
  const props = serverProperties(config, '/data')
  assert.match(props, /^process\.roles=broker,controller$/m)
  assert.match(props, /^controller\.quorum\.voters=1@127\.0\.0\.1:19093$/m)
  assert.match(props, /^listeners=PLAINTEXT:\/\/127\.0\.0\.1:19092,CONTROLLER:\/\/127\.0\.0\.1:19093$/m)
  assert.match(props, /^log\.dirs=\/data$/m)
})

test('a Kafka cluster id is 16 bytes in base64url', () => {
  const id = newClusterId()
  assert.match(id, /^[A-Za-z0-9_-]{22}$/)
  assert.equal(Buffer.from(id, 'base64url').length, 16)
})

test('Cassandra listens on the configured ports', () => {
  const config = loadConfig({
    env: {},
    flags: { 'stack.cassandra.port': '19042', 'stack.cassandra.storagePort': '17000' }
  })
  const yaml = cassandraYaml(config)
  assert.match(yaml, /^native_transport_port: 19042$/m)
  assert.match(yaml, /^storage_port: 17000$/m)
  assert.match(yaml, /seeds: "127\.0\.0\.1:17000"/)
})
