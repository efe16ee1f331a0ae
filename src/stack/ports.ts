// A port already taken must be a clear error before a JVM is started, not a stack trace in a log file.
import { createServer } from 'node:net'
import { UserStreamerError } from '../errors.ts'
import { envName, flagName } from '../config/schema.ts'

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

export async function assertPortFree(port: number, settingPath: string, what: string): Promise<void> {
  if (await isPortFree(port)) return
  throw new UserStreamerError('US_ERR_PORT_TAKEN', `port ${port} on 127.0.0.1 (${what}) is already in use`, {
    hint: `stop whatever listens there, or choose another port with ${flagName(settingPath)} or ${envName(settingPath)}`,
    details: { port, setting: settingPath }
  })
}
