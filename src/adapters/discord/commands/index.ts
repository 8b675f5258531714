import type { Command } from '../context.js';
import { askMenu } from './ask-menu.js';
import { ask } from './ask.js';
import { device } from './device.js';
import { explain } from './explain.js';
import { help } from './help.js';
import { kb } from './kb.js';
import { topics } from './topics.js';
import { wireCommand } from './wire.js';

/** The one list of commands: the bot dispatches on it and `deploy-commands` registers it. */
export const COMMANDS: readonly Command[] = [ask, explain, device, wireCommand, topics, help, kb, askMenu];

/** Request bodies for the bulk overwrite of application commands. */
export const commandBodies = (): unknown[] => COMMANDS.map((c) => c.data);
