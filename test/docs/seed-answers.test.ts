import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedAnswers } from '../../scripts/seed-answers';

describe('docs/seed-answers.md', () => {
  test('GIVEN the estimator as it is THEN the committed answers to the seed questions are current (run `npm run seed-answers`)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'seed-answers.md'), 'utf8');
    expect(committed).toBe(seedAnswers());
  });
  test('GIVEN the seed\'s activation example THEN the doc corrects 40 GB to 0.54 GB', () => {
    expect(seedAnswers()).toContain('536,870,912 B = 0.54 GB');
  });
});
