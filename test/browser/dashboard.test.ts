// The live dashboard in headless Chromium (Debian's `chromium`, driven by playwright-core) during real runs on the
// real stack: users arrive as they land in Cassandra, the charts move, dead letters show with their reasons, and
// "Trigger run" adds a run to the history. Saves test-artifacts/dashboard.png (and docs/dashboard.png, the README's
// screenshot, with UPDATE_SCREENSHOT=1). The page is offline: every request off this machine is blocked, so the
// users' pictures (randomuser.me URLs) fail and their placeholders show.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { type Browser, type Page, chromium } from 'playwright-core'
import { createUserProducer } from '../../src/broker/kafka/producer.ts'
import { deleteTopics, ensureTopics, pipelineTopics } from '../../src/broker/kafka/topics.ts'
import { connectCassandra } from '../../src/sink/cassandra/client.ts'
import { dropKeyspace } from '../../src/sink/cassandra/ddl.ts'
import { startRandomuserServer } from '../../src/source/randomuser/server.ts'
import { cliPath, freePort, namesAsFlags, repoRoot, testConfig, waitFor } from '../helpers.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]
const WAIT = { timeout: 60_000 }

const config = testConfig()
after(async () => {
  await deleteTopics(config, [config.kafka.topic, config.kafka.dlqTopic]).catch(() => {})
  const client = await connectCassandra(config)
  await dropKeyspace(client, config.cassandra.keyspace).catch(() => {})
  await client.shutdown()
})

/** A number the page keeps in a data- attribute (the charts' points and maximum, the totals). */
async function data(page: Page, selector: string, name: string): Promise<number> {
  return Number((await page.locator(selector).first().getAttribute(`data-${name}`)) ?? NaN)
}

/** Polls the page until `check` holds. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  await waitFor(what, check, WAIT.timeout, 200)
}

/** Clicks "Trigger run"; resolves with the new run's id once it is on top of the history and its users arrive. */
async function triggerAndSeeUsers(page: Page, previousRunId: string): Promise<string> {
  const writtenBefore = await data(page, '#kpi-written', 'value')
  await page.locator('#trigger').click()
  const top = page.locator('#runs tr').first()
  await until('a new run on top', async () => (await top.getAttribute('data-run-id')) !== previousRunId)
  await until("the new run's users", async () => (await data(page, '#kpi-written', 'value')) > writtenBefore + 500)
  await until('throughput now', async () => (await data(page, '#kpi-rate', 'value')) > 0)
  return (await top.getAttribute('data-run-id')) ?? ''
}

test(
  'the dashboard shows users, charts, dead letters and runs live; "Trigger run" starts one',
  { timeout: 180_000 },
  async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `Chromium not found at ${CHROMIUM}: the browser test needs Debian's chromium package — install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH to a Chromium binary)`
    )
    await ensureTopics(config, pipelineTopics(config))
    const server = await startRandomuserServer({ port: 0 })
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    // A run streams for 6 s at 4 requests of 150 users a second: a few thousand users, a visible bump in the charts.
    const args = [
      'serve',
      '--http-port',
      String(port),
      ...namesAsFlags(config),
      '--source-url',
      server.apiUrl,
      '--source-requests-per-second',
      '4',
      '--source-batch-size',
      '150',
      '--scheduler-run-duration-ms',
      '6000'
    ]
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] })
    let serveLog = ''
    child.stderr.on('data', (chunk: Buffer) => (serveLog = (serveLog + chunk.toString()).slice(-4000)))
    let browser: Browser | undefined
    try {
      await waitFor('the API to be ready', async () => (await fetch(`${base}/readyz`)).ok, 60_000)
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      const page = await browser.newPage({ viewport: { width: 1440, height: 960 } })
      const pageErrors: string[] = []
      page.on('pageerror', (error) => pageErrors.push(error.message))
      // Offline: only this machine answers. Anything else the page asks for is recorded and refused.
      const offMachine: string[] = []
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url())
        if (url.hostname === '127.0.0.1') return route.continue()
        offMachine.push(url.href)
        return route.abort('internetdisconnected')
      })

      await page.goto(base)
      await page.locator('#connection[data-state="open"]').waitFor(WAIT)
      assert.equal(await page.title(), 'user-streamer · live')
      // uPlot (served from node_modules) drew both charts.
      await page.locator('#chart-throughput .uplot').waitFor(WAIT)
      await page.locator('#chart-lag .uplot').waitFor(WAIT)
      const pointsAtStart = await data(page, '#chart-throughput', 'points')

      // A run from the button: it appears in the history, its users arrive, the throughput chart rises.
      await page.locator('#trigger').click()
      const firstRun = page.locator('#runs tr').first()
      await firstRun.waitFor(WAIT)
      const firstRunId = await firstRun.getAttribute('data-run-id')
      assert.ok(firstRunId)
      assert.equal(await firstRun.locator('td').nth(2).textContent(), 'dashboard')
      await page.locator('#users li.user').nth(19).waitFor(WAIT)
      await until('throughput in the chart', async () => (await data(page, '#chart-throughput', 'max')) > 0)
      assert.ok((await data(page, '#chart-throughput', 'points')) > pointsAtStart, 'the chart has new points')
      assert.ok((await data(page, '#kpi-written', 'value')) > 0)
      const card = page.locator('#users li.user').first()
      assert.match((await card.locator('.name').textContent()) ?? '', /^\S.* \S/)
      assert.match((await card.locator('.email').textContent()) ?? '', /@/)
      assert.match((await card.locator('.nat').textContent()) ?? '', /^[A-Z]{2}$/)
      // The pictures cannot load here: the initials stand in.
      const placeholder = page.locator('#users .avatar.placeholder').first()
      await placeholder.waitFor(WAIT)
      assert.match((await placeholder.locator('.initials').textContent()) ?? '', /^\S{1,2}$/)

      // Two bad messages: the DLQ count and their reasons show up.
      const producer = createUserProducer(config, 'test')
      await producer.publishRaw(config.kafka.topic, [
        { key: 'bad-1', value: 'this is not json' },
        { key: 'bad-2', value: JSON.stringify({ id: 'nope' }) }
      ])
      await producer.close()
      await page.locator('#dlq-reasons li').nth(1).waitFor(WAIT)
      assert.equal(await data(page, '#kpi-dlq', 'value'), 2)
      const reasons = (await page.locator('#dlq-reasons').textContent()) ?? ''
      assert.match(reasons, /not-json/)
      assert.match(reasons, /wrong-shape/)

      // The first run ends; "Trigger run" again: a second run appears on top and its users arrive.
      await page.locator(`#runs tr[data-run-id="${firstRunId}"][data-state="success"]`).waitFor(WAIT)
      const secondRunId = await triggerAndSeeUsers(page, firstRunId)
      assert.equal(await page.locator('#runs tr').count(), 2)
      assert.equal(await page.locator('#runs tr').nth(1).getAttribute('data-run-id'), firstRunId)

      const artifacts = join(repoRoot, 'test-artifacts')
      mkdirSync(artifacts, { recursive: true })
      const shot = join(artifacts, 'dashboard.png')
      await page.screenshot({ path: shot, fullPage: true, animations: 'disabled' })
      if (process.env.UPDATE_SCREENSHOT === '1') {
        // The README's picture tells a longer story: two runs done, a third one streaming.
        await page.locator(`#runs tr[data-run-id="${secondRunId}"][data-state="success"]`).waitFor(WAIT)
        await triggerAndSeeUsers(page, secondRunId)
        await page.screenshot({ path: join(repoRoot, 'docs', 'dashboard.png'), animations: 'disabled' })
      }

      assert.deepEqual(pageErrors, [])
      // Nothing but the users' pictures was asked of the outside world (no CDN).
      assert.deepEqual(
        offMachine.filter((url) => !url.startsWith('https://randomuser.me/api/portraits/')),
        []
      )
    } catch (error) {
      console.error(`serve's log (tail):\n${serveLog}`)
      throw error
    } finally {
      await browser?.close()
      child.kill('SIGTERM')
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve))
      await server.close()
    }
  }
)
