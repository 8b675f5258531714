/** One ranked candidate. `confidence` is the estimated probability that it is the right entry. */
export interface Candidate {
  id: string;
  confidence: number;
  /** Ranking score (the scorer's log-odds). */
  score: number;
}
