/**
 * A Graphviz DOT diagram for one advised path, in the house style: roles only (the renderer
 * applies colours, fonts and the legend), port names on the edges.
 */
import type { Plan } from './path.js';

/** DOT string literal: quotes and backslashes escaped, line breaks as \n. */
const str = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** The diagram for a plan: nodes n0…nk left to right, plus the forbidden direct edge for odd pairs. */
export function planDot(plan: Plan, name = 'advised_path'): string {
  const graphId = name.replace(/[^A-Za-z0-9_]/g, '_');
  const lines = [`digraph ${graphId} {`, '  rankdir=LR;'];
  plan.nodes.forEach((n, i) => lines.push(`  n${i} [role=${n.role} label=${str(n.label)}];`));
  plan.links.forEach((l, i) =>
    lines.push(`  n${i} -> n${i + 1} [role=${l.role} label=${str(l.label ?? l.text)}];`),
  );
  if (plan.wrong && plan.nodes.length > 2) {
    lines.push(`  n0 -> n${plan.nodes.length - 1} [role=wrong label=${str(plan.wrong)} constraint=false];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
