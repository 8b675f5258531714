import { performance } from 'node:perf_hooks';
import type { Json, RecordedRequest, StoredMessage } from './types.js';

/** Server-side state of one interaction: pending → acknowledged(type) → edited/followed up → expired. */
export interface InteractionState {
  id: string;
  token: string;
  payload: Json;
  dispatchedAt: number;
  ack: { type: number; at: number; flags: number } | null;
  /** The @original message id (reply, deferred placeholder, or the component's message for types 6/7). */
  originalId: string | null;
  /** True while a type-5 placeholder has not been filled yet. */
  loading: boolean;
  followUpIds: string[];
  /** Set by `fake.expire(handle)`: every callback gets 10062 as if the 3 s window had passed. */
  expired?: boolean;
  handle: InteractionHandle;
}

interface Waiter {
  resolve(r: RecordedRequest): void;
}

/** What a test holds after `fake.slashCommand(...)` etc. */
export class InteractionHandle {
  /** Resolves with the first POST …/callback (whatever its outcome; see `.status`); rejects after `callbackWaitMs`. */
  readonly callback: Promise<RecordedRequest>;
  private resolveCallback!: (r: RecordedRequest) => void;
  private readonly webhookRequests: RecordedRequest[] = [];
  private cursor = 0;
  private waiters: Waiter[] = [];

  constructor(
    readonly id: string,
    readonly token: string,
    /** The INTERACTION_CREATE `d` that was dispatched. */
    readonly payload: Json,
    callbackWaitMs: number,
    private readonly lookup: (id: string) => StoredMessage | undefined,
    private readonly state: () => InteractionState,
  ) {
    this.callback = new Promise<RecordedRequest>((resolve, reject) => {
      this.resolveCallback = resolve;
      const timer = setTimeout(
        () => reject(new Error(`FakeDiscord: no callback for interaction ${id} within ${callbackWaitMs} ms`)),
        callbackWaitMs,
      );
      timer.unref();
    });
    this.callback.catch(() => undefined); // only surfaces if a test awaits it
  }

  /** @internal */ recordCallback(r: RecordedRequest): void {
    this.resolveCallback(r);
  }

  /** @internal */ recordWebhook(r: RecordedRequest): void {
    this.webhookRequests.push(r);
    const w = this.waiters.shift();
    if (w) {
      this.cursor++;
      w.resolve(r);
    }
  }

  /** Every webhook request (edit/follow-up/fetch/delete) made with this interaction's token so far. */
  responses(): RecordedRequest[] {
    return [...this.webhookRequests];
  }

  /** The next webhook request not yet returned by nextWebhook(). */
  nextWebhook(timeoutMs = 5000): Promise<RecordedRequest> {
    const ready = this.webhookRequests[this.cursor];
    if (ready) {
      this.cursor++;
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`FakeDiscord: no webhook request for interaction ${this.id} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Acknowledgement so far: callback type and when, or null. */
  get ack(): InteractionState['ack'] {
    return this.state().ack;
  }

  /** The @original message as the user sees it now (undefined before a reply, or if deleted). */
  original(): StoredMessage | undefined {
    const id = this.state().originalId;
    const m = id ? this.lookup(id) : undefined;
    return m && !m.meta.deleted ? m : undefined;
  }

  /** Follow-up messages (not deleted). */
  followUps(): StoredMessage[] {
    return this.state()
      .followUpIds.map((id) => this.lookup(id))
      .filter((m): m is StoredMessage => Boolean(m && !m.meta.deleted));
  }

  /** The last visible message for this interaction: latest follow-up, else @original. */
  visible(): StoredMessage | undefined {
    return this.followUps().at(-1) ?? this.original();
  }

  /** Milliseconds from dispatch to acknowledgement (undefined if not acknowledged). */
  ackLatency(): number | undefined {
    const s = this.state();
    return s.ack ? s.ack.at - s.dispatchedAt : undefined;
  }

  /** Wait until the interaction has a visible, non-loading message (polls every 10 ms). */
  async settled(timeoutMs = 5000): Promise<StoredMessage> {
    const end = performance.now() + timeoutMs;
    for (;;) {
      const s = this.state();
      const m = this.visible();
      if (m && !s.loading) return m;
      if (performance.now() > end)
        throw new Error(`FakeDiscord: interaction ${this.id} has no visible reply after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
