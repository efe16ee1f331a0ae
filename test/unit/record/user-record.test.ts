import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkUserRecord, columnNames, sparkSchema, tableDdl, toSampleOutput } from '../../../src/record/user-record.ts'
import { syntheticRecord } from '../../helpers.ts'

test('the table keeps the seed table columns, adds dob and lineage, keyed by a uuid id', () => {
  const ddl = tableDdl('spark_streams', 'created_users')
  assert.match(ddl, /^CREATE TABLE IF NOT EXISTS spark_streams\.created_users \(/)
  assert.match(ddl, /id uuid PRIMARY KEY/)
  for (const seedColumn of [
    'first_name',
    'last_name',
    'gender',
    'address',
    'post_code',
    'email',
    'username',
    'registered_date',
    'phone',
    'picture'
  ]) {
    assert.match(ddl, new RegExp(`\\b${seedColumn} text\\b`))
  }
  assert.match(ddl, /\bdob text\b/)
  assert.match(ddl, /\bingested_at timestamp\b/)
})

test('the Spark schema is derived from the same fields', () => {
  const schema = sparkSchema()
  assert.equal(schema.split(', ').length, columnNames.length)
  assert.match(schema, /^id STRING, first_name STRING/)
  assert.match(schema, /ingested_at TIMESTAMP$/)
})

test('a valid record passes; a wrong one names the field', () => {
  const record = syntheticRecord(1)
  assert.deepEqual(checkUserRecord(record), { ok: true, record })
  const bad = checkUserRecord({ ...record, id: 'not-a-uuid' })
  assert.equal(bad.ok, false)
  assert.match((bad as { reason: string }).reason, /^id: expected a uuid, got "not-a-uuid"/)
  const missing = checkUserRecord({ ...record, email: undefined })
  assert.match((missing as { reason: string }).reason, /^email: /)
  assert.match((checkUserRecord([1]) as { reason: string }).reason, /expected a JSON object, got an array/)
})

test('sample output keeps the seed field order first', () => {
  const keys = Object.keys(toSampleOutput(syntheticRecord(2)))
  assert.deepEqual(keys.slice(0, 12), [
    'id',
    'first_name',
    'last_name',
    'gender',
    'address',
    'post_code',
    'email',
    'username',
    'dob',
    'registered_date',
    'phone',
    'picture'
  ])
})
