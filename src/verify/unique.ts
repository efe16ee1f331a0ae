import { randomBytes } from 'node:crypto'

export function uniqueSuffix(): string {
  return randomBytes(6).toString('hex')
}
