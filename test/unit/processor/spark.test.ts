// The spark engine's pure parts: the query plan built from the record schema and the config, progress parsing,
// the Spark Connect URL, and the mapping of gRPC failures to coded errors.
import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { test } from 'node:test'
import * as grpc from '@grpc/grpc-js'
import { loadConfig } from '../../../src/config/load.ts'
import { grpcError, parseRemote } from '../../../src/processor/spark/connect.ts'
import {
  checkpointLocation,
  queryCommand,
  streamingQueryCommand,
  validRowPredicate
} from '../../../src/processor/spark/plan.ts'
import { coversEnd, parseProgress } from '../../../src/processor/spark/progress.ts'
import { columnNames, sparkSchema } from '../../../src/record/user-record.ts'

const config = loadConfig({
  env: {},
  flags: { 'kafka.topic': 'users_t', 'kafka.brokers': '10.0.0.1:9092,10.0.0.2:9092', 'spark.maxOffsetsPerTrigger': 500 }
})

type Node = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Walks the relation chain from the sink back to the source. */
function chain(command: Node): Node[] {
  const steps: Node[] = []
  let relation: Node | undefined = command.write_stream_operation_start.input
  while (relation) {
    steps.push(relation)
    const inner = Object.values(relation)[0] as Node
    relation = inner.input
  }
  return steps
}

test('the streaming plan: kafka -> json -> from_json(schema) -> observe -> filter -> columns -> cassandra', () => {
  const command = streamingQueryCommand(config) as Node
  const sink = command.write_stream_operation_start
  assert.equal(sink.format, 'org.apache.spark.sql.cassandra')
  assert.equal(sink.processing_time_interval, '1 second')
  assert.equal(sink.output_mode, 'append')
  assert.equal(sink.options.keyspace, 'spark_streams')
  assert.equal(sink.options.table, 'created_users')
  assert.equal(
    sink.options.checkpointLocation,
    resolve('.user-streamer/spark/checkpoints/users_t-spark_streams.created_users')
  )
  assert.equal(sink.options['spark.cassandra.connection.host'], '127.0.0.1:9042')
  assert.equal(sink.options['spark.cassandra.output.consistency.level'], 'LOCAL_ONE')

  const steps = chain(command)
  assert.deepEqual(
    steps.map((step) => Object.keys(step)[0]),
    ['project', 'filter', 'collect_metrics', 'project', 'project', 'read']
  )
  const [columns, filter, observe, parse, cast, read] = steps as [Node, Node, Node, Node, Node, Node]
  assert.deepEqual(
    columns.project.expressions.map((e: Node) => e.expression_string.expression),
    columnNames.map((name) => `data.${name} AS ${name}`)
  )
  assert.equal(filter.filter.condition.expression_string.expression, validRowPredicate())
  assert.equal(observe.collect_metrics.name, 'user_streamer')
  assert.equal(parse.project.expressions[0].expression_string.expression, `from_json(json, '${sparkSchema()}') AS data`)
  assert.equal(cast.project.expressions[0].expression_string.expression, 'CAST(value AS STRING) AS json')
  assert.equal(read.read.is_streaming, true)
  assert.deepEqual(read.read.data_source, {
    format: 'kafka',
    options: {
      'kafka.bootstrap.servers': '10.0.0.1:9092,10.0.0.2:9092',
      'kafka.security.protocol': 'PLAINTEXT',
      subscribe: 'users_t',
      startingOffsets: 'earliest',
      failOnDataLoss: 'true',
      maxOffsetsPerTrigger: '500'
    }
  })
})

test('a row is valid only with every field and a uuid id', () => {
  const predicate = validRowPredicate()
  for (const name of columnNames) assert.match(predicate, new RegExp(`data\\.${name} IS NOT NULL`))
  assert.match(predicate, /data\.id RLIKE '\^\[0-9a-fA-F\]\{8\}-/)
})

test('--checkpoint and --trigger reach the plan', () => {
  const custom = loadConfig({
    env: {},
    flags: { 'spark.checkpoint': 's3a://bucket/chk', 'spark.trigger': '500 milliseconds' }
  })
  assert.equal(checkpointLocation(custom), 's3a://bucket/chk')
  assert.equal(
    (streamingQueryCommand(custom) as Node).write_stream_operation_start.processing_time_interval,
    '500 milliseconds'
  )
  assert.throws(
    () => loadConfig({ env: {}, flags: { 'spark.trigger': 'soon' } }),
    /spark\.trigger.*expected a processing-time interval/
  )
})

test('query commands address the query by id and run id', () => {
  assert.deepEqual(queryCommand({ id: 'q', run_id: 'r' }, 'stop'), {
    streaming_query_command: { query_id: { id: 'q', run_id: 'r' }, stop: true }
  })
})

test('progress as Spark Connect 3.5 sends it: totals from the sources, observed metrics as values + schema', () => {
  const progress = parseProgress(
    JSON.stringify({
      batchId: 3,
      timestamp: '2026-11-24T14:08:22.508Z',
      durationMs: { triggerExecution: 3677 },
      sources: [
        {
          endOffset: '{"users_t":{"0":10,"1":7}}',
          numInputRows: 17,
          inputRowsPerSecond: 5.5,
          processedRowsPerSecond: 4.6
        }
      ],
      observedMetrics: {
        user_streamer: {
          values: [17, 2],
          schema: { type: 'struct', fields: [{ name: 'messages' }, { name: 'rejected' }] }
        }
      }
    })
  )
  assert.deepEqual(progress, {
    batchId: 3,
    timestamp: '2026-11-24T14:08:22.508Z',
    numInputRows: 17,
    inputRowsPerSecond: 5.5,
    processedRowsPerSecond: 4.6,
    batchDurationMs: 3677,
    messages: 17,
    rejected: 2,
    endOffsets: { users_t: { '0': 10, '1': 7 } }
  })
})

test('progress as the JVM writes it: top-level totals, observed metrics by name, offsets as objects', () => {
  const progress = parseProgress(
    JSON.stringify({
      batchId: 0,
      numInputRows: 5000,
      inputRowsPerSecond: 0,
      processedRowsPerSecond: 343.5,
      durationMs: { triggerExecution: 14552 },
      sources: [{ endOffset: { users_t: { '0': 5000 } }, numInputRows: 5000 }],
      observedMetrics: { user_streamer: { messages: 5000, rejected: 0 } }
    })
  )
  assert.equal(progress.numInputRows, 5000)
  assert.equal(progress.processedRowsPerSecond, 343.5)
  assert.equal(progress.rejected, 0)
  assert.deepEqual(progress.endOffsets, { users_t: { '0': 5000 } })
})

test('drained when every non-empty partition is read up to its end', () => {
  const reached = { users_t: { '0': 10, '1': 7 } }
  assert.equal(coversEnd(reached, 'users_t', [10n, 7n]), true)
  assert.equal(coversEnd(reached, 'users_t', [10n, 8n]), false)
  assert.equal(coversEnd(reached, 'users_t', [10n, 7n, 0n]), true)
  assert.equal(coversEnd(reached, 'users_t', [10n, 7n, 1n]), false)
  assert.equal(coversEnd({}, 'users_t', [0n, 0n]), true)
})

test('Spark Connect URLs', () => {
  assert.deepEqual(parseRemote('sc://spark.example.com'), {
    host: 'spark.example.com',
    port: 15002,
    url: 'sc://spark.example.com'
  })
  assert.equal(parseRemote('sc://127.0.0.1:15003/').port, 15003)
  assert.throws(() => parseRemote('http://x:1'), /US_ERR_CONFIG|expected sc:\/\/host:port/)
  assert.throws(() => loadConfig({ env: {}, flags: { 'spark.remote': 'localhost:15002' } }), /spark\.remote/)
})

test("gRPC failures become coded errors: unreachable is retryable, a rejected plan carries Spark's first line", () => {
  const remote = parseRemote('sc://127.0.0.1:15002')
  const down = grpcError(remote, 'the version request', {
    code: grpc.status.UNAVAILABLE,
    details: 'No connection established'
  })
  assert.equal(down.code, 'US_ERR_SPARK_UNREACHABLE')
  assert.equal(down.retryable, true)
  const rejected = grpcError(remote, 'the streaming query', {
    code: grpc.status.INTERNAL,
    details: '[DATA_SOURCE_NOT_FOUND] Failed to find the data source: kafka.\n\tat org.apache.spark...'
  })
  assert.equal(rejected.code, 'US_ERR_SPARK_QUERY')
  assert.equal(
    rejected.message,
    'Spark rejected the streaming query: [DATA_SOURCE_NOT_FOUND] Failed to find the data source: kafka.'
  )
})
