import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS } from '../../src/config';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  test('GIVEN every key of the grammar THEN the usage table documents it', () => {
    for (const k of KEYS) expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${k.key}\``, "m"));
  });
  test('GIVEN the set-up section THEN it shows the install+start command and the test command that CI runs', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
    expect(readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8')).toContain('npm test');
  });
  test('GIVEN each component paragraph of "How the estimate is computed" THEN it names the file and the functions that compute it, and they exist', () => {
    const section = readme.slice(readme.indexOf('## How the estimate is computed'), readme.indexOf('## Chat platforms'));
    const paragraphs = section.split('\n\n').filter((p) => p.startsWith('**'));
    expect(paragraphs.length).toBeGreaterThanOrEqual(14);
    for (const p of paragraphs) {
      const m = /Computed by `(src\/[\w/.-]+\.ts)` ((?:`\w+`(?:, )?)+)/.exec(p);
      expect([p.slice(0, 40), m !== null]).toEqual([p.slice(0, 40), true]);
      if (!m || !m[1] || !m[2]) continue;
      const file = readFileSync(join(__dirname, '..', '..', m[1]), 'utf8');
      for (const fn of [...m[2].matchAll(/`(\w+)`/g)].map((x) => x[1] ?? '')) expect([m[1], fn, new RegExp(`function ${fn}\\b`).test(file)]).toEqual([m[1], fn, true]);
    }
  });
});
