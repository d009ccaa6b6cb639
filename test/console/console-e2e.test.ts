import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Spawns `npm start` with piped stdin and no chat tokens, as a newcomer would run it. */
function runStart(stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DOTENV_CONFIG_PATH: '/nonexistent/.env' };
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('console end to end (npm start, piped stdin)', () => {
  test('GIVEN no tokens and three commands THEN three replies, a start log naming the console, exit 0', async () => {
    const r = await runStart('/vram model:llama-3.1-8b lora:true gpu:rtx4090\n/vram model:nope-9b\n/vram gpus\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/starting adapters: console \(no chat tokens/);
    expect(r.stdout).toMatch(/Llama 3\.1 8B · LoRA/);
    expect(r.stdout).toMatch(/I don't know the model `nope-9b`/);
    expect(r.stdout).toMatch(/GPU catalog/);
  }, 60000);

  test('GIVEN a bad line between good ones THEN the process keeps answering', async () => {
    const r = await runStart('/vram model:llama-3.1-8b batch:0\n/vram model:llama-3.2-1b\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/`batch:0` is out of range/);
    expect(r.stdout).toMatch(/Llama 3\.2 1B/);
  }, 60000);
});
