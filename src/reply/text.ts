/**
 * Plain-text rendering of a reply, for the console and the CLI (and Slack's fallback text).
 */
import type { Reply, ReplyTable } from './types';

const ICON: Record<Reply['severity'], string> = { success: '✅', warning: '⚠️', danger: '❌', info: 'ℹ️', error: '⛔' };

/** Pads a table into aligned columns. */
export function tableText(t: ReplyTable): string[] {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: readonly string[]): string =>
    cells.map((cell, i) => (t.align?.[i] === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [fmt(t.columns), widths.map((w) => '─'.repeat(w)).join('  '), ...t.rows.map(fmt)];
}

/** The whole reply as text lines joined with newlines. */
export function replyText(r: Reply): string {
  const out: string[] = [`${ICON[r.severity]} ${r.title}`];
  if (r.description) out.push(r.description);
  if (r.fields.length) {
    out.push('');
    for (const f of r.fields) out.push(`${f.name}: ${f.value}`);
  }
  if (r.table) {
    out.push('');
    out.push(...tableText(r.table));
  }
  for (const s of r.sections) {
    out.push('', `${s.title}:`);
    for (const l of s.lines) out.push(`  ${l}`);
  }
  if (r.notes.length) {
    out.push('');
    for (const n of r.notes) out.push(n);
  }
  if (r.errorId) out.push(`(error id ${r.errorId})`);
  return out.join('\n');
}
