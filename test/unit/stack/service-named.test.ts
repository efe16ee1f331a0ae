import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isUserStreamerError } from '../../../src/errors.ts'
import { serviceNamed } from '../../../src/stack/stack.ts'

test('one service is found by name; an unknown name is a usage error naming the known ones', () => {
  assert.equal(serviceNamed('kafka').mainClass, 'kafka.Kafka')
  assert.equal(serviceNamed('cassandra').name, 'cassandra')
  assert.throws(
    () => serviceNamed('zookeeper'),
    (error: unknown) =>
      isUserStreamerError(error) && error.code === 'US_ERR_USAGE' && /kafka, cassandra/.test(error.hint ?? '')
  )
})
