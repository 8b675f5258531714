import { stem } from './text.js';

/**
 * Words that say what kind of request it is, not what it is about ("fix", "best", "recommend",
 * "problem"). They count for little, so "thanks, that fixed it" or "best pizza" cannot look like
 * a question about a topic that happens to contain "fix" or "best".
 */
export const GENERIC_TERMS: ReadonlySet<string> = new Set(
  `fix fixed work works working problem problems issue issues help setup set recommend recommendation
  cheap best good bad buy need new old make explain meaning mean understand question right wrong
  time day today tonight last night week normal happen happens see look tell say said ask find think sure
  idea advice suggest suggestion option easy simple basic actually exactly really please`
    .split(/\s+/)
    .filter(Boolean)
    .map(stem),
);

/** Weight of a generic term in confidence (1 for any other term). */
export const GENERIC_WEIGHT = 0.2;
