/**
 * The Go engine as a long-lived process (pkg/cmd/conformance-case): built once, fed one case per line
 * of JSON, answering one line per case. A case that crashes it (panic, runaway memory or time) comes
 * back as `crash`, and the next case starts a fresh process.
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createInterface, Interface } from 'readline';

import { CanonicalRequestExpectation, ConformanceCase } from './harness';

const REPO_ROOT = join(__dirname, '..');

export interface GoOutcome {
  error?: { code: string; message: string };
  frames: unknown[];
  requests: CanonicalRequestExpectation[];
  notices: Array<{ severity: string; text: string }>;
  executedQueryString: string;
  overrun?: string[];
}

export type GoReply = { outcome: GoOutcome; crash?: undefined } | { outcome?: undefined; crash: string };

/** Builds the command into a fresh temporary directory; `dispose` removes it. */
export function buildGoCommand(): { binary: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-case-'));
  const binary = join(dir, 'conformance-case');
  execFileSync('go', ['build', '-o', binary, './pkg/cmd/conformance-case'], { cwd: REPO_ROOT, stdio: 'pipe' });
  return { binary, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export class GoEngine {
  private child?: ChildProcessWithoutNullStreams;
  private lines?: Interface;
  private pending?: { child: ChildProcessWithoutNullStreams; resolve: (reply: GoReply) => void };
  private stderr = '';

  constructor(private readonly binary: string) {}

  run(vector: ConformanceCase): Promise<GoReply> {
    const child = this.child ?? this.start();
    return new Promise((resolve) => {
      this.pending = { child, resolve };
      child.stdin.write(JSON.stringify(vector) + '\n');
    });
  }

  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(this.binary, [], { stdio: 'pipe' });
    this.stderr = '';
    child.stderr.on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    // A write after the process died must not take the test runner down; the exit handler answers.
    child.stdin.on('error', () => undefined);
    this.lines = createInterface({ input: child.stdout });
    this.lines.on('line', (line) => {
      const reply = JSON.parse(line) as GoReply;
      if (reply.crash !== undefined) {
        // The command exits after a crash: the next case must not be written to it.
        this.retire(child);
      }
      this.answer(child, reply);
    });
    child.on('exit', (code, signal) => {
      this.retire(child);
      this.answer(child, { crash: `the Go command exited (${signal ?? code}) without an answer: ${this.stderr}` });
    });
    this.child = child;
    return child;
  }

  private retire(child: ChildProcessWithoutNullStreams): void {
    if (this.child === child) {
      this.child = undefined;
      child.stdin.end();
    }
  }

  /** Answers the pending case if it was written to this process. */
  private answer(child: ChildProcessWithoutNullStreams, reply: GoReply): void {
    if (this.pending?.child !== child) {
      return;
    }
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve(reply);
  }
}
