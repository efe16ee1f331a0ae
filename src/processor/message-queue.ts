// A bounded hand-off between the Kafka stream (pulled with its async iterator, so the client's own flow control
// applies) and the batching loop. When the queue is full the pump stops pulling, which stops the fetches.
export class BoundedQueue<T> {
  readonly #max: number
  #items: T[] = []
  #ended = false
  #dataWaiters: (() => void)[] = []
  #spaceWaiters: (() => void)[] = []

  constructor(max: number) {
    this.#max = max
  }

  get ended(): boolean {
    return this.#ended && this.#items.length === 0
  }

  get size(): number {
    return this.#items.length
  }

  async push(item: T): Promise<void> {
    while (this.#items.length >= this.#max && !this.#ended)
      await new Promise<void>((resolve) => this.#spaceWaiters.push(resolve))
    this.#items.push(item)
    this.#wake(this.#dataWaiters)
  }

  end(): void {
    this.#ended = true
    this.#wake(this.#dataWaiters)
    this.#wake(this.#spaceWaiters)
  }

  take(max: number): T[] {
    const taken = this.#items.splice(0, max)
    if (taken.length > 0) this.#wake(this.#spaceWaiters)
    return taken
  }

  /** Resolves when an item arrives, the queue ends, `ms` pass or the signal aborts. */
  waitForData(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#items.length > 0 || this.#ended || signal?.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
      this.#dataWaiters.push(done)
    })
  }

  #wake(waiters: (() => void)[]): void {
    for (const wake of waiters.splice(0)) wake()
  }
}
