import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadTask } from './tasks.ts';

/** The load generator's process, and its tasks one at a time. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private next = 0;

  constructor() {
    this.child = fork(fileURLToPath(new URL('./client.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  run<Result>(task: LoadTask): Promise<Result> {
    const id = (this.next += 1);
    return new Promise((resolve, reject) => {
      const onMessage = (message: { id: number; result?: Result; error?: string }) => {
        if (message.id !== id) return;
        this.child.off('message', onMessage);
        if (message.error) reject(new Error(`load generator: ${message.error}`));
        else resolve(message.result!);
      };
      this.child.on('message', onMessage);
      this.child.send({ id, task });
    });
  }

  stop(): void {
    this.child.kill();
  }
}
