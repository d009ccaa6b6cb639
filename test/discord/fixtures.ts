/** Replies for renderer and end-to-end tests. */
import type { Reply } from '../../src/reply/types';

/** A reply far over every Discord embed limit at once. */
export function hugeReply(visibility: Reply['visibility'] = 'channel'): Reply {
  const long = (n: number, ch = 'x'): string => ch.repeat(n);
  return {
    title: `A very long title ${long(400)}`,
    description: `Verdict first. ${long(5000, 'v')}`,
    severity: 'warning',
    fields: Array.from({ length: 30 }, (_, i) => ({ name: `Field ${i} ${long(300, 'n')}`, value: long(1500, 'f'), inline: i % 2 === 0 })),
    table: { columns: ['row', 'value'], rows: Array.from({ length: 400 }, (_, i) => [`row-${i}`, String(i * 7)]), align: ['left', 'right'] },
    sections: Array.from({ length: 10 }, (_, i) => ({ title: `Section ${i}`, lines: Array.from({ length: 60 }, (_, j) => `line ${j} of section ${i}`) })),
    notes: Array.from({ length: 80 }, (_, i) => `note ${i}: ${long(40, 'z')}`),
    visibility,
  };
}
