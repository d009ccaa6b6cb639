/**
 * Tips: each re-runs the estimator with one change and states the saving. Filled in by the
 * chat-commands issue; the estimator issue only needs the list to exist.
 */
import type { Resolved, Report, Tip } from './report';

export function tipsFor(_r: Resolved, _base: Omit<Report, 'tips'>): Tip[] {
  return [];
}
