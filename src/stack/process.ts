// Background JVMs: started detached in their own process group, tracked by pid, stopped with TERM then KILL.
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

export function spawnDetached(
  command: string,
  args: string[],
  options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }
): number {
  const out = openSync(options.logFile, 'a')
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', out, out]
    })
    if (child.pid === undefined) throw new Error(`could not start ${command}`)
    child.unref()
    return child.pid
  } finally {
    closeSync(out)
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  // A zombie still answers kill(0); it is not running.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) Z/.test(stat)
  } catch {
    return true
  }
}

/** The process's command line (Linux), to make sure a pid from a state file is still our JVM. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  } catch {
    return undefined
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
}

/** TERM, wait up to `graceMs`, then KILL. Resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs: number): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isAlive(pid)) return 'not-running'
  signalGroup(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped'
    await sleep(200)
  }
  signalGroup(pid, 'SIGKILL')
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100)
  return 'killed'
}
