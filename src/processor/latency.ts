// Latency percentiles over a bounded reservoir of the most recent samples (memory stays flat on long runs).
export class LatencyRecorder {
  #samples: Float64Array
  #next = 0
  #count = 0

  constructor(capacity = 100_000) {
    this.#samples = new Float64Array(capacity)
  }

  record(ms: number): void {
    this.#samples[this.#next] = ms
    this.#next = (this.#next + 1) % this.#samples.length
    this.#count++
  }

  summary(): { p50: number; p95: number; p99: number; count: number } {
    const n = Math.min(this.#count, this.#samples.length)
    if (n === 0) return { p50: 0, p95: 0, p99: 0, count: 0 }
    const sorted = this.#samples.slice(0, n).sort()
    const at = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: this.#count }
  }
}
