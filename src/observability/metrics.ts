// Prometheus metrics (prom-client) for every stage. One registry per process, passed into the stages that report;
// names follow Prometheus conventions (user_streamer_<what>_<unit>, _total for counters). Documented in README.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface Metrics {
  registry: Registry
  usersFetched: Counter<'source'>
  usersProduced: Counter
  usersRejected: Counter<'stage'>
  usersConsumed: Counter
  usersWritten: Counter
  usersDeadLettered: Counter<'kind'>
  retries: Counter<'stage' | 'reason'>
  errors: Counter<'stage' | 'code'>
  sourceResponses: Counter<'status'>
  batchSize: Histogram<'stage'>
  produceToRow: Histogram
  fetchToRow: Histogram
  consumerLag: Gauge<'topic' | 'partition'>
  runs: Counter<'state' | 'trigger'>
  runState: Gauge<'state'>
}

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry()
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'user_streamer_' })
  const registers = [registry]
  return {
    registry,
    usersFetched: new Counter({
      name: 'user_streamer_users_fetched_total',
      help: 'Users received from the randomuser API (valid or not).',
      labelNames: ['source'],
      registers
    }),
    usersProduced: new Counter({
      name: 'user_streamer_users_produced_total',
      help: 'Users acknowledged by Kafka on users_created.',
      registers
    }),
    usersRejected: new Counter({
      name: 'user_streamer_users_rejected_total',
      help: 'Users rejected as invalid, by stage (source: quarantined API results).',
      labelNames: ['stage'],
      registers
    }),
    usersConsumed: new Counter({
      name: 'user_streamer_users_consumed_total',
      help: 'Messages read by the processor from users_created.',
      registers
    }),
    usersWritten: new Counter({
      name: 'user_streamer_users_written_total',
      help: 'Rows written (upserted) to Cassandra.',
      registers
    }),
    usersDeadLettered: new Counter({
      name: 'user_streamer_users_dead_lettered_total',
      help: 'Messages sent to the dead-letter topic, by kind of failure.',
      labelNames: ['kind'],
      registers
    }),
    retries: new Counter({
      name: 'user_streamer_retries_total',
      help: 'Retries, by stage and reason.',
      labelNames: ['stage', 'reason'],
      registers
    }),
    errors: new Counter({
      name: 'user_streamer_errors_total',
      help: 'Errors, by stage and error code.',
      labelNames: ['stage', 'code'],
      registers
    }),
    sourceResponses: new Counter({
      name: 'user_streamer_source_http_responses_total',
      help: 'HTTP responses from the randomuser API by status (0: no response).',
      labelNames: ['status'],
      registers
    }),
    batchSize: new Histogram({
      name: 'user_streamer_batch_size',
      help: 'Users per batch, by stage.',
      labelNames: ['stage'],
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 4000, 5000],
      registers
    }),
    produceToRow: new Histogram({
      name: 'user_streamer_produce_to_row_seconds',
      help: 'Kafka message timestamp to row written.',
      buckets: latencyBuckets,
      registers
    }),
    fetchToRow: new Histogram({
      name: 'user_streamer_fetch_to_row_seconds',
      help: 'Fetched from the API (ingested_at) to row written.',
      buckets: latencyBuckets,
      registers
    }),
    consumerLag: new Gauge({
      name: 'user_streamer_consumer_lag',
      help: 'Messages behind the end of each partition, for the processor group.',
      labelNames: ['topic', 'partition'],
      registers
    }),
    runs: new Counter({
      name: 'user_streamer_runs_total',
      help: 'Runs of user_automation.stream_data_from_api that ended, by state and trigger.',
      labelNames: ['state', 'trigger'],
      registers
    }),
    runState: new Gauge({
      name: 'user_streamer_runs_in_state',
      help: 'Runs of this process currently queued or running.',
      labelNames: ['state'],
      registers
    })
  }
}
