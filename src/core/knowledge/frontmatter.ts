/** A Markdown file split into its YAML front matter and its body. */
export interface FrontMatterSplit {
  yaml: string;
  body: string;
  /** Lines of the file before the YAML text (the opening `---`). */
  yamlLineOffset: number;
}

const FENCE = /^---[ \t]*$/;

/** Splits `---\n<yaml>\n---\n<body>`; returns null when the file has no front matter. */
export function splitFrontMatter(text: string): FrontMatterSplit | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) return null;
  const end = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (end < 0) return null;
  return {
    yaml: lines.slice(1, end).join('\n'),
    body: lines
      .slice(end + 1)
      .join('\n')
      .trim(),
    yamlLineOffset: 1,
  };
}
