// The live dashboard: plain JS, no framework. State comes from the server's event stream (GET /api/events):
// `snapshot` (on every (re)connect), `users`, `run` and `stats`; the run history from GET /api/runs; runs are
// triggered with POST /api/runs. Text is only ever set with textContent, never parsed as HTML.
/* global uPlot */
'use strict'
;(() => {
  const MAX_USERS = 60
  const MAX_RUNS = 15
  const CHART_WINDOW_S = 600
  const CHART_MIN_WINDOW_S = 60
  const LAG_COLORS = ['#7a5af8', '#ee46bc', '#f79009', '#06aed4', '#16b364', '#f04438', '#667085']

  const $ = (id) => document.getElementById(id)
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })
  const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })

  function el(tag, className, text) {
    const node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = String(text)
    return node
  }

  function setValue(id, value) {
    const node = $(id)
    node.dataset.value = String(value)
    node.textContent = number.format(value)
  }

  function toast(message, kind = 'info') {
    const node = $('toast')
    node.textContent = message
    node.dataset.kind = kind
    node.hidden = false
    clearTimeout(toast.timer)
    toast.timer = setTimeout(() => (node.hidden = true), kind === 'error' ? 8000 : 4000)
  }

  // ---- users ------------------------------------------------------------------------------------------------------
  let usersSeen = 0

  function hue(text) {
    let hash = 0
    for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) | 0
    return Math.abs(hash) % 360
  }

  function avatar(user) {
    const box = el('div', 'avatar')
    const initials = `${user.first_name.charAt(0)}${user.last_name.charAt(0)}`.toUpperCase() || '?'
    box.append(el('span', 'initials', initials))
    box.style.background = `hsl(${hue(user.id)} 55% 48%)`
    if (user.picture) {
      const img = document.createElement('img')
      img.alt = ''
      img.referrerPolicy = 'no-referrer'
      img.decoding = 'async'
      // Offline (or blocked), randomuser.me's pictures do not load: the initials stay.
      img.addEventListener('error', () => {
        img.remove()
        box.classList.add('placeholder')
      })
      img.src = user.picture
      box.append(img)
    } else {
      box.classList.add('placeholder')
    }
    return box
  }

  function userCard(user) {
    const card = el('li', 'user')
    card.dataset.id = user.id
    const who = el('div', 'who')
    who.append(el('div', 'name', `${user.first_name} ${user.last_name}`), el('div', 'email', user.email))
    const where = el('div', 'where')
    where.append(el('span', 'nat', user.nat), document.createElement('br'))
    where.append(el('span', 'country', user.city ? `${user.city}, ${user.country}` : user.country))
    where.append(document.createElement('br'), el('span', 'written', clock.format(user.written_at)))
    card.append(avatar(user), who, where)
    return card
  }

  /** Newest first: `users` is ordered newest first. */
  function addUsers(users, count) {
    const list = $('users')
    const fragment = document.createDocumentFragment()
    for (const user of users.slice(0, MAX_USERS)) fragment.append(userCard(user))
    list.prepend(fragment)
    while (list.children.length > MAX_USERS) list.lastElementChild.remove()
    usersSeen += count
    $('users-count').textContent = `${number.format(usersSeen)} since this page opened · newest first`
    $('users-empty').hidden = list.children.length > 0
  }

  // ---- charts -----------------------------------------------------------------------------------------------------
  const history = { xs: [], rate: [], lag: new Map() }
  let partitions = []
  let throughputChart
  let lagChart

  function chartWidth(id) {
    return Math.max(200, $(id).clientWidth)
  }

  function xRange(_u, min, max) {
    const now = Date.now() / 1000
    const last = Number.isFinite(max) ? Math.max(max, now) : now
    const first = Number.isFinite(min) ? min : last - CHART_MIN_WINDOW_S
    return [Math.min(first, last - CHART_MIN_WINDOW_S), last]
  }

  function yRange(_u, _min, max) {
    return [0, Math.max(10, (Number.isFinite(max) ? max : 0) * 1.15)]
  }

  function baseOptions(id) {
    return {
      width: chartWidth(id),
      height: 200,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: xRange }, y: { range: yRange } },
      axes: [
        { stroke: '#667085', grid: { stroke: '#eef2f6' }, ticks: { stroke: '#e4e8ef' } },
        {
          stroke: '#667085',
          grid: { stroke: '#eef2f6' },
          ticks: { stroke: '#e4e8ef' },
          size: 56,
          values: (_u, values) => values.map((v) => number.format(v))
        }
      ]
    }
  }

  function buildThroughputChart() {
    const options = baseOptions('chart-throughput')
    options.series = [
      {},
      { label: 'rows/s', stroke: '#2563eb', width: 2, fill: 'rgba(37, 99, 235, 0.12)', points: { show: false } }
    ]
    throughputChart = new uPlot(options, [history.xs, history.rate], $('chart-throughput'))
  }

  function lagData() {
    return [history.xs, ...partitions.map((p) => history.lag.get(p))]
  }

  function buildLagChart() {
    lagChart?.destroy()
    const options = baseOptions('chart-lag')
    options.series = [
      {},
      ...partitions.map((p, i) => ({
        label: `partition ${p}`,
        stroke: LAG_COLORS[i % LAG_COLORS.length],
        width: 2,
        points: { show: false }
      }))
    ]
    lagChart = new uPlot(options, lagData(), $('chart-lag'))
  }

  function addPoint(point) {
    const keys = Object.keys(point.lag).sort((a, b) => Number(a) - Number(b))
    const newPartitions = keys.filter((k) => !history.lag.has(k))
    for (const key of newPartitions)
      history.lag.set(
        key,
        history.xs.map(() => null)
      )
    history.xs.push(point.at / 1000)
    history.rate.push(point.rowsPerSecond)
    for (const [key, values] of history.lag) values.push(key in point.lag ? point.lag[key] : null)
    const cutoff = point.at / 1000 - CHART_WINDOW_S
    while (history.xs.length > 0 && history.xs[0] < cutoff) {
      history.xs.shift()
      history.rate.shift()
      for (const values of history.lag.values()) values.shift()
    }
    return newPartitions.length > 0
  }

  function describe(id, values) {
    const node = $(id)
    let max = 0
    for (const value of values) if (typeof value === 'number' && value > max) max = value
    node.dataset.points = String(history.xs.length)
    node.dataset.max = String(max)
    node.dataset.last = String(values.at(-1) ?? 0)
  }

  function redrawCharts(partitionsChanged) {
    if (partitionsChanged || !lagChart) {
      partitions = [...history.lag.keys()].sort((a, b) => Number(a) - Number(b))
      buildLagChart()
    } else {
      lagChart.setData(lagData())
    }
    if (throughputChart) throughputChart.setData([history.xs, history.rate])
    else buildThroughputChart()
    describe('chart-throughput', history.rate)
    const totals = history.xs.map((_, i) => partitions.reduce((sum, p) => sum + (history.lag.get(p)[i] ?? 0), 0))
    describe('chart-lag', totals)
  }

  new ResizeObserver(() => {
    throughputChart?.setSize({ width: chartWidth('chart-throughput'), height: 200 })
    lagChart?.setSize({ width: chartWidth('chart-lag'), height: 200 })
  }).observe(document.querySelector('.charts'))

  // ---- stats, DLQ -------------------------------------------------------------------------------------------------
  function showStats(stats) {
    const { totals } = stats
    setValue('kpi-written', totals.written)
    setValue('kpi-rate', stats.point.rowsPerSecond)
    setValue('kpi-lag', totals.lag)
    setValue('kpi-produced', totals.produced)
    setValue('kpi-dlq', totals.deadLettered + totals.rejected)

    $('dlq-summary').textContent =
      `${number.format(totals.deadLettered)} dead-lettered by the processor · ` +
      `${number.format(totals.rejected)} quarantined at the source`
    const kinds = $('dlq-kinds')
    kinds.replaceChildren(
      ...Object.entries(stats.deadLetteredByKind)
        .filter(([, count]) => count > 0)
        .map(([kind, count]) => el('span', 'chip', `${kind}: ${number.format(count)}`))
    )
    const reasons = $('dlq-reasons')
    reasons.replaceChildren(
      ...stats.deadLetters.map((dead) => {
        const item = el('li')
        item.append(
          el('span', 'when', clock.format(new Date(dead.at))),
          el('span', 'chip', dead.kind),
          el('span', 'reason', dead.reason),
          el('span', 'where', `p${dead.partition} @${dead.offset}`)
        )
        item.lastElementChild.title = dead.topic
        item.children[2].title = dead.reason
        return item
      })
    )
    $('dlq-empty').hidden = totals.deadLettered + totals.rejected > 0
  }

  // ---- runs -------------------------------------------------------------------------------------------------------
  let runs = []

  function duration(run) {
    if (!run.startedAt) return ''
    const end = run.endedAt ? Date.parse(run.endedAt) : Date.now()
    return `${number.format((end - Date.parse(run.startedAt)) / 1000)} s`
  }

  function renderRuns() {
    const rows = runs.slice(0, MAX_RUNS).map((run) => {
      const row = el('tr')
      row.dataset.runId = run.runId
      row.dataset.state = run.state
      const state = el('span', 'state', run.state)
      state.dataset.state = run.state
      const stateCell = el('td')
      stateCell.append(state)
      const id = el('td')
      id.append(el('code', '', run.runId.slice(0, 8)))
      id.title = run.runId
      const started = run.startedAt ?? run.logicalDate
      row.append(
        stateCell,
        id,
        el('td', '', run.trigger),
        el('td', '', started ? clock.format(new Date(started)) : ''),
        el('td', 'num', duration(run)),
        el('td', 'num', number.format(run.produced)),
        el('td', 'num', number.format(run.rejected)),
        el('td', 'error', run.error ?? '')
      )
      return row
    })
    $('runs').replaceChildren(...rows)
    $('runs-empty').hidden = rows.length > 0
  }

  function upsertRun(run) {
    const index = runs.findIndex((r) => r.runId === run.runId)
    if (index >= 0) runs[index] = run
    else runs.unshift(run)
    renderRuns()
  }

  async function loadRuns() {
    try {
      const response = await fetch(`/api/runs?limit=${MAX_RUNS}`)
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const body = await response.json()
      // Events that arrived while the list was loading are newer than it.
      const live = new Map(runs.map((r) => [r.runId, r]))
      runs = body.runs.map((r) => live.get(r.runId) ?? r)
      for (const r of live.values()) if (!runs.some((x) => x.runId === r.runId)) runs.unshift(r)
      renderRuns()
    } catch (error) {
      toast(`could not load the run history: ${error.message}`, 'error')
    }
  }

  // A running run's duration keeps counting between its events.
  setInterval(() => runs.some((r) => r.state === 'running') && renderRuns(), 1000)

  $('trigger-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const button = $('trigger')
    const seconds = Number($('trigger-duration').value)
    const body = { trigger: 'dashboard' }
    if (seconds > 0) body.durationSeconds = seconds
    button.disabled = true
    try {
      // An API bound beyond loopback needs its bearer token (http.token): asked once, kept for this tab only.
      const post = () =>
        fetch('/api/runs', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(sessionStorage.getItem('token') ? { authorization: `Bearer ${sessionStorage.getItem('token')}` } : {})
          },
          body: JSON.stringify(body)
        })
      let response = await post()
      if (response.status === 401) {
        const token = window.prompt('This API needs its token (http.token):')
        if (token) {
          sessionStorage.setItem('token', token)
          response = await post()
        }
      }
      const result = await response.json().catch(() => ({}))
      if (!response.ok) throw new Error(result.error ?? `HTTP ${response.status}`)
      upsertRun(result)
      toast(`run ${result.runId.slice(0, 8)} queued`)
    } catch (error) {
      toast(`could not trigger a run: ${error.message}`, 'error')
    } finally {
      button.disabled = false
    }
  })

  // ---- the event stream -------------------------------------------------------------------------------------------
  function connect() {
    const connection = $('connection')
    const source = new EventSource('/api/events')
    source.addEventListener('open', () => {
      connection.dataset.state = 'open'
      connection.textContent = 'live'
    })
    source.addEventListener('error', () => {
      connection.dataset.state = 'reconnecting'
      connection.textContent = 'reconnecting…'
    })
    source.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse(event.data)
      $('users').replaceChildren()
      usersSeen = 0
      addUsers(snapshot.users, 0)
      history.xs = []
      history.rate = []
      history.lag = new Map()
      for (const point of snapshot.history) addPoint(point)
      redrawCharts(true)
      showStats(snapshot.stats)
      void loadRuns()
    })
    source.addEventListener('users', (event) => {
      const { users, count } = JSON.parse(event.data)
      addUsers(users, count)
    })
    source.addEventListener('run', (event) => upsertRun(JSON.parse(event.data)))
    source.addEventListener('stats', (event) => {
      const stats = JSON.parse(event.data)
      redrawCharts(addPoint(stats.point))
      showStats(stats)
    })
  }

  renderRuns()
  connect()
})()
