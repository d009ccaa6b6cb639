/**
 * The adapter's work queue: at most `concurrency` interactions compute their answer (the
 * command, then its chart in the pool) at once, at most `maxWaiting` wait for a turn, first come
 * first served. Beyond that new work is refused at once (the caller answers "busy, try again"),
 * so a flood costs bounded memory and CPU. The depth (running plus waiting) is reported on
 * every change (`metrics.queueDepth`).
 */

export interface WorkQueueOptions {
  /** Jobs running at once (default 8). */
  readonly concurrency?: number;
  /** Jobs waiting for a turn before new ones are refused (default 500). */
  readonly maxWaiting?: number;
  /** Called with the depth (running + waiting) whenever it changes. */
  readonly onDepth?: (depth: number) => void;
}

export const DEFAULT_QUEUE = { concurrency: 8, maxWaiting: 500 } as const;

export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly maxWaiting: number;

  constructor(private readonly opts: WorkQueueOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_QUEUE.concurrency));
    this.maxWaiting = Math.max(0, Math.floor(opts.maxWaiting ?? DEFAULT_QUEUE.maxWaiting));
  }

  /** Jobs running or waiting. */
  get depth(): number {
    return this.running + this.waiting.length;
  }

  /**
   * Runs `job` when a turn comes (at once if one is free); undefined, and `job` never runs, when
   * the queue is full. The promise settles as the job does.
   */
  tryRun<T>(job: () => Promise<T>): Promise<T> | undefined {
    if (this.running >= this.concurrency && this.waiting.length >= this.maxWaiting) return undefined;
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.running += 1;
        this.report();
        Promise.resolve().then(job).then(resolve, reject).finally(() => {
          this.running -= 1;
          const next = this.waiting.shift();
          if (next) next();
          else this.report();
        });
      };
      if (this.running < this.concurrency) start();
      else {
        this.waiting.push(start);
        this.report();
      }
    });
  }

  private report(): void {
    try {
      this.opts.onDepth?.(this.depth);
    } catch {
      // metrics never break the queue
    }
  }
}
