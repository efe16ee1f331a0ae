// SIGINT/SIGTERM ask for a graceful stop (finish in-flight work, commit, close); a second signal exits at once.
import type { Logger } from '../observability/logger.ts'

export function onStopSignals(logger: Logger): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      logger.warn({ signal }, 'second stop signal: exiting now; uncommitted work will be replayed')
      process.exit(130)
    }
    logger.info({ signal }, 'stopping gracefully (send again to force)')
    controller.abort()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    }
  }
}
