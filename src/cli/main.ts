#!/usr/bin/env node
// user-streamer CLI. Only this layer writes to stdout; errors become one line on stderr and a non-zero exit code.
import { Command, CommanderError } from 'commander'
import { scrub } from '../config/secrets.ts'
import { errorMessage, exitCodeFor, isUserStreamerError } from '../errors.ts'
import { configCommand } from './commands/config.ts'
import { ingestCommand } from './commands/ingest.ts'
import { processCommand } from './commands/process.ts'
import { startCommand } from './commands/start.ts'
import { runsCommand } from './commands/runs.ts'
import { scheduleCommand } from './commands/schedule.ts'
import { serveCommand } from './commands/serve.ts'
import { serveRandomuserCommand } from './commands/serve-randomuser.ts'
import { servicesCommand } from './commands/services.ts'
import { usersCommand } from './commands/users.ts'
import { verifyCommand } from './commands/verify.ts'

export function buildProgram(): Command {
  const program = new Command('user-streamer')
    .description('randomuser.me API -> Apache Kafka (users_created) -> Apache Cassandra (spark_streams.created_users)')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
  program.addCommand(startCommand())
  program.addCommand(servicesCommand())
  program.addCommand(ingestCommand())
  program.addCommand(processCommand())
  program.addCommand(verifyCommand())
  program.addCommand(serveRandomuserCommand())
  program.addCommand(scheduleCommand())
  program.addCommand(runsCommand())
  program.addCommand(serveCommand())
  program.addCommand(usersCommand())
  program.addCommand(configCommand())
  return program
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  try {
    await program.parseAsync(argv, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode
    }
    const code = isUserStreamerError(error) ? error.code : 'US_ERR_UNEXPECTED'
    process.stderr.write(scrub(`user-streamer: ${code}: ${errorMessage(error)}`) + '\n')
    if (
      !isUserStreamerError(error) &&
      error instanceof Error &&
      error.stack &&
      process.env.DEBUG?.includes('user-streamer')
    ) {
      process.stderr.write(scrub(error.stack) + '\n')
    }
    return exitCodeFor(error)
  }
}

// `user-streamer users | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})
process.exitCode = await main(process.argv.slice(2))
// The command is over: the process ends by itself once nothing is pending, or 2 s from now if a library left a
// handle open. cassandra-driver 4.10 does: after every node was down (a Cassandra restart), its control connection
// is a socket of its own that Client.shutdown() never closes, which kept `process` alive after a graceful stop.
setTimeout(() => process.exit(), 2000).unref()
