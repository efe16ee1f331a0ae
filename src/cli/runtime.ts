// What serve, schedule and start share: a Cassandra session, the run history tables, the run executor and the
// dashboard's event hub (fed by the executor here, by the processor in the commands).
import { keyspaceReplication } from '../config/derived.ts'
import type { Config } from '../config/schema.ts'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/app.ts'
import { DashboardHub } from '../http/dashboard/hub.ts'
import type { Logger } from '../observability/logger.ts'
import { type Metrics, createMetrics } from '../observability/metrics.ts'
import { RunExecutor } from '../scheduler/executor.ts'
import { RunStore } from '../scheduler/history.ts'
import { type CassandraClient, connectCassandra } from '../sink/cassandra/client.ts'

export interface Runtime {
  client: CassandraClient
  store: RunStore
  executor: RunExecutor
  metrics: Metrics
  hub: DashboardHub
  close(): Promise<void>
}

export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const client = await connectCassandra(config)
  const store = new RunStore(client, config)
  await store.ensureTables(keyspaceReplication(config))
  const metrics = createMetrics()
  const hub = new DashboardHub({ metrics })
  const executor = new RunExecutor({ config, logger, store, metrics, onChange: (run) => hub.run(run) })
  return {
    client,
    store,
    executor,
    metrics,
    hub,
    async close() {
      await executor.close()
      hub.close()
      await client.shutdown().catch(() => {})
    }
  }
}

/** The HTTP API (runs, health, metrics, dashboard) over this runtime. */
export function runtimeApp(runtime: Runtime, config: Config): FastifyInstance {
  return buildApp({
    config,
    store: runtime.store,
    executor: runtime.executor,
    cassandra: runtime.client,
    metrics: runtime.metrics,
    hub: runtime.hub
  })
}
