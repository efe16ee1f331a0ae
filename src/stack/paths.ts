// Where things live: the package root (for the Maven poms) and the project-local stack directory.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The user-streamer package root, found by walking up from this file (works from src/ and dist/src/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'user-streamer') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('user-streamer package root not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

export function stackDir(configured: string): string {
  return resolve(configured)
}
