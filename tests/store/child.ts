/** Runs tests/store/fixtures/hold-sqlite.ts as a real child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/hold-sqlite.ts', import.meta.url));

export interface Holder {
  readonly child: ChildProcess;
  /** The first line the child printed: "ready" or "refused: …". */
  readonly firstLine: string;
}

export function startHolder(path: string): Promise<Holder> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, path], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve({ child, firstLine: out.slice(0, newline) });
    });
    child.on('exit', (code) => {
      if (!out.includes('\n'))
        reject(new Error(`holder exited with ${String(code)} before answering: ${err}`));
    });
  });
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
