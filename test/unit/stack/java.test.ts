import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseJavaVersion } from '../../../src/stack/java.ts'

test('parses modern and legacy java -version output', () => {
  assert.deepEqual(parseJavaVersion('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime'), {
    major: 17,
    version: '17.0.15'
  })
  assert.deepEqual(parseJavaVersion('openjdk version "21" 2023-09-19'), { major: 21, version: '21' })
  assert.deepEqual(parseJavaVersion('java version "1.8.0_392"'), { major: 8, version: '1.8.0_392' })
  assert.equal(parseJavaVersion('bash: java: command not found'), undefined)
})
