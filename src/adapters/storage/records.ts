/** What the stores keep: questions, votes, the audit trail, and what they report. */
export type { Decision } from '../../core/match/matcher.js';
import type { Decision } from '../../core/match/matcher.js';

export type AuditAction = 'add' | 'edit' | 'alias' | 'teach' | 'remove' | 'reload';

/** A question put to Dialtone (mention, slash command, context menu, answered answer-channel message). */
export interface QuestionEvent {
  question: string;
  decision: Decision;
  confidence: number;
  entryId: string | null;
  suggestions?: string[];
  source: string;
  guildId: string | null;
  at?: Date;
}

export interface FeedbackEvent {
  entryId: string;
  userId: string;
  guildId: string | null;
  vote: 'up' | 'down';
  at?: Date;
}

export interface AuditEvent {
  action: AuditAction;
  entryId: string;
  userId: string;
  userName: string;
  before: string | null;
  after: string | null;
  at?: Date;
}

/** A question Dialtone did not answer, with how often it was asked. */
export interface Miss {
  /** The latest wording asked. */
  question: string;
  count: number;
  /** ISO time of the latest ask. */
  lastAt: string;
  /** Entry with the highest confidence among the asks, if any was suggested. */
  bestGuess: string | null;
  bestConfidence: number;
}

export interface Stats {
  questions: number;
  answered: number;
  /** answered / questions, 0 when there were none. */
  answerRate: number;
  /** Entries answered most often (at most 10). */
  topTopics: { entryId: string; count: number }[];
  /** Votes per entry, most votes first. */
  feedback: { entryId: string; up: number; down: number }[];
}

/** A recorded change, newest first in `history`. */
export type AuditRecord = Omit<AuditEvent, 'at'> & {
  /** ISO time. */
  at: string;
};
