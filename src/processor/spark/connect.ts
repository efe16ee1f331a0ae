// A minimal Spark Connect client: one session (a UUID chosen here, as the protocol wants), gRPC over @grpc/grpc-js,
// messages from the hand-written subset in spark-connect.proto. Executions are non-reattachable, so a call is complete
// when the server ends its response stream.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import { UserStreamerError } from '../../errors.ts'
import { packageRoot } from '../../stack/paths.ts'

export const PROTO_FILE = join(packageRoot(), 'src', 'processor', 'spark', 'spark-connect.proto')

const CLIENT_TYPE = 'user-streamer'
/** Control messages are tiny, but a server error with a JVM stack trace is not. */
const MAX_MESSAGE_BYTES = 128 * 1024 * 1024

export interface SparkRemote {
  host: string
  port: number
  /** The URL as given, for messages. */
  url: string
}

/** `sc://host[:port][/]` → host and port (15002 by default). */
export function parseRemote(url: string): SparkRemote {
  const match = /^sc:\/\/([^\s:/;]+)(?::(\d{1,5}))?\/?$/.exec(url)
  if (!match?.[1]) {
    throw new UserStreamerError('US_ERR_CONFIG', `spark.remote: expected sc://host:port, got "${url}"`, {
      hint: 'set --spark-remote sc://127.0.0.1:15002'
    })
  }
  return { host: match[1], port: match[2] ? Number(match[2]) : 15002, url }
}

// Plain objects in the shape proto-loader encodes (field names as in the .proto).
export type Message = Record<string, unknown>

export interface ExecuteResponse {
  session_id?: string
  operation_id?: string
  response_type?: string
  write_stream_operation_start_result?: { query_id?: QueryInstanceId; name?: string }
  streaming_query_command_result?: StreamingQueryCommandResult
}

export interface QueryInstanceId {
  id: string
  run_id: string
}

export interface StreamingQueryCommandResult {
  query_id?: QueryInstanceId
  result_type?: 'status' | 'recent_progress' | 'exception' | 'await_termination'
  status?: { status_message: string; is_data_available: boolean; is_trigger_active: boolean; is_active: boolean }
  recent_progress?: { recent_progress_json: string[] }
  exception?: { exception_message?: string; error_class?: string; stack_trace?: string }
  await_termination?: { terminated: boolean }
}

interface ServiceClient extends grpc.Client {
  ExecutePlan(request: Message, metadata: grpc.Metadata, options: grpc.CallOptions): grpc.ClientReadableStream<unknown>
  AnalyzePlan(
    request: Message,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: Message) => void
  ): grpc.ClientUnaryCall
}

let serviceConstructor: grpc.ServiceClientConstructor | undefined

function loadService(): grpc.ServiceClientConstructor {
  if (!serviceConstructor) {
    const definition = protoLoader.loadSync(PROTO_FILE, {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true
    })
    const root = grpc.loadPackageDefinition(definition) as unknown as {
      spark: { connect: { SparkConnectService: grpc.ServiceClientConstructor } }
    }
    serviceConstructor = root.spark.connect.SparkConnectService
  }
  return serviceConstructor
}

/** The first line of a Spark error (the server sends class, message and often a stack trace). */
export function sparkErrorSummary(details: string): string {
  const line = details.split('\n').find((l) => l.trim()) ?? details
  return line.length > 400 ? `${line.slice(0, 400)}…` : line
}

export function grpcError(remote: SparkRemote, what: string, error: unknown): UserStreamerError {
  const status = (error as Partial<grpc.ServiceError>).code
  const details = (error as Partial<grpc.ServiceError>).details ?? (error as Error).message ?? String(error)
  if (status === grpc.status.UNAVAILABLE || status === grpc.status.DEADLINE_EXCEEDED) {
    return new UserStreamerError(
      'US_ERR_SPARK_UNREACHABLE',
      `Spark Connect server at ${remote.url} did not answer (${what}): ${sparkErrorSummary(details)}`,
      {
        hint: 'start one with `user-streamer services up --with spark`, or point --spark-remote at yours',
        retryable: true,
        cause: error
      }
    )
  }
  return new UserStreamerError('US_ERR_SPARK_QUERY', `Spark rejected ${what}: ${sparkErrorSummary(details)}`, {
    hint: 'read the Spark server log; the query definition comes from the record schema and the config',
    cause: error
  })
}

export class SparkConnectSession {
  readonly sessionId = randomUUID()
  readonly remote: SparkRemote
  private readonly client: ServiceClient
  private readonly userId: string

  constructor(remoteUrl: string, options: { userId?: string } = {}) {
    this.remote = parseRemote(remoteUrl)
    this.userId = options.userId ?? 'user-streamer'
    const Service = loadService()
    this.client = new Service(`${this.remote.host}:${this.remote.port}`, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': 30_000
    }) as unknown as ServiceClient
  }

  private envelope(): Message {
    return {
      session_id: this.sessionId,
      user_context: { user_id: this.userId, user_name: this.userId },
      client_type: CLIENT_TYPE
    }
  }

  /** The server's Spark version (AnalyzePlan spark_version): the readiness probe. */
  sparkVersion(timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      this.client.AnalyzePlan(
        { ...this.envelope(), spark_version: {} },
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, response) => {
          if (error) return reject(grpcError(this.remote, 'the version request', error))
          const version = (response?.spark_version as { version?: string } | undefined)?.version
          resolve(version ?? 'unknown')
        }
      )
    })
  }

  /** Runs one command and collects every response until the server ends the stream. */
  executeCommand(command: Message, what: string, timeoutMs = 60_000): Promise<ExecuteResponse[]> {
    return new Promise((resolve, reject) => {
      const responses: ExecuteResponse[] = []
      const call = this.client.ExecutePlan(
        { ...this.envelope(), operation_id: randomUUID(), plan: { command } },
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs }
      )
      call.on('data', (response: ExecuteResponse) => responses.push(response))
      call.on('error', (error) => reject(grpcError(this.remote, what, error)))
      call.on('end', () => resolve(responses))
    })
  }

  close(): void {
    this.client.close()
  }
}
