import path from 'node:path';

/** A problem found while loading or validating knowledge, pointing at the exact place. */
export interface Problem {
  severity: 'error' | 'warning';
  /** Path of the file, relative to the working directory where possible. */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** Dotted field path inside the entry, e.g. `sources.0` or `summary`. */
  field?: string;
  message: string;
}

/** `file:line: field: message` — the one format every report uses. */
export function formatProblem(p: Problem): string {
  const file = path.isAbsolute(p.file) ? path.relative(process.cwd(), p.file) || p.file : p.file;
  const where = p.line ? `${file}:${p.line}` : file;
  const field = p.field ? ` ${p.field}:` : '';
  return `${where}: ${p.severity}:${field} ${p.message}`;
}

export const errorsOf = (problems: readonly Problem[]): Problem[] => problems.filter((p) => p.severity === 'error');
