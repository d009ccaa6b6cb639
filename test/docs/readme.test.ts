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
});
