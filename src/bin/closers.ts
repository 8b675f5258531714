/** How long closing may take before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 5000;

/** What was started, closed in reverse order; a failing step does not stop the others. */
export class Closers {
  private readonly steps: { name: string; close: () => Promise<void> | void }[] = [];

  add(name: string, close: () => Promise<void> | void): void {
    this.steps.push({ name, close });
  }

  /** Closes everything, newest first, within `timeoutMs`; returns what failed (by name). */
  async closeAll(timeoutMs = CLOSE_TIMEOUT_MS): Promise<string[]> {
    const failed: string[] = [];
    const run = async (): Promise<void> => {
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await step.close();
        } catch {
          failed.push(step.name);
        }
      }
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        failed.push('(timed out)');
        resolve();
      }, timeoutMs);
    });
    await Promise.race([run(), timeout]);
    clearTimeout(timer);
    return failed;
  }
}
