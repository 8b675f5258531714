import type { BotContext } from './context.js';

/**
 * A diagram's PNG for an answer. Drawing it can fail (a broken diagram, the drawing process gone):
 * the answer then goes without its picture, and the failure is logged.
 */
export async function picture(
  ctx: Pick<BotContext, 'logger'>,
  id: string,
  draw: () => Promise<Buffer | undefined>,
): Promise<Buffer | undefined> {
  try {
    return await draw();
  } catch (err) {
    ctx.logger.warn(
      { diagram: id, reason: err instanceof Error ? err.message : String(err) },
      'diagram left out of an answer',
    );
    return undefined;
  }
}
