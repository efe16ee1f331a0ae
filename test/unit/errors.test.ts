import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { UserStreamerError, errorCodes, exitCodeFor } from '../../src/errors.ts'

test('every error code is documented in docs/errors.md, and every documented code exists', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
  const documented = new Set([...doc.matchAll(/`(US_ERR_[A-Z_]+)`/g)].map((m) => m[1]))
  for (const code of errorCodes) assert.ok(documented.has(code), `${code} is missing from docs/errors.md`)
  for (const code of documented)
    assert.ok((errorCodes as readonly string[]).includes(code as string), `docs/errors.md documents unknown ${code}`)
})

test('oneLine joins the message and the hint on one line', () => {
  const error = new UserStreamerError('US_ERR_PORT_TAKEN', 'port 9092 is\nin use', { hint: 'free it' })
  assert.equal(error.oneLine(), 'port 9092 is in use — free it')
})

test('bad input exits 2, other failures 1', () => {
  assert.equal(exitCodeFor(new UserStreamerError('US_ERR_CONFIG', 'x')), 2)
  assert.equal(exitCodeFor(new UserStreamerError('US_ERR_KAFKA', 'x')), 1)
  assert.equal(exitCodeFor(new Error('x')), 1)
})
