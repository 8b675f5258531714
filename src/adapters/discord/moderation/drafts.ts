import { randomBytes } from 'node:crypto';

/** A change waiting for the moderator's Save or Cancel. */
export type Draft =
  | {
      kind: 'upsert';
      action: 'add' | 'edit' | 'alias' | 'teach';
      category: string;
      id: string;
      text: string;
      before: string | null;
      expectedVersion: string | null;
      authorId: string;
    }
  | { kind: 'remove'; id: string; before: string; expectedVersion: string; authorId: string }
  | { kind: 'miss'; question: string; bestGuess: string | null; authorId: string };

/** Interaction tokens last 15 minutes; a draft lives as long. */
const TTL_MS = 15 * 60_000;

/** Drafts by short id (custom ids are limited to 100 characters). In memory: nothing is written before Save. */
export class Drafts {
  private readonly items = new Map<string, { draft: Draft; at: number; held?: boolean }>();

  constructor(private readonly now: () => number = Date.now) {}

  put(draft: Draft): string {
    this.prune();
    const id = randomBytes(6).toString('hex');
    this.items.set(id, { draft, at: this.now() });
    return id;
  }

  /** The draft, if it exists, has not expired, is not being saved and belongs to `userId`. */
  get(id: string, userId: string): Draft | undefined {
    const item = this.items.get(id);
    if (!item || item.held || this.now() - item.at > TTL_MS || item.draft.authorId !== userId)
      return undefined;
    return item.draft;
  }

  /**
   * Hides a draft while it is being saved, so a second click cannot save it twice, without
   * losing it: call the returned function if the save failed, and `delete` once it succeeded.
   */
  hold(id: string): () => void {
    const item = this.items.get(id);
    if (item) item.held = true;
    return () => {
      if (item) item.held = false;
    };
  }

  delete(id: string): void {
    this.items.delete(id);
  }

  private prune(): void {
    const now = this.now();
    for (const [k, v] of this.items) if (now - v.at > TTL_MS) this.items.delete(k);
  }
}
