import { CreateMessageInteractionCallbackRequestSchema } from 'discord-api-spec/zod';
const r = CreateMessageInteractionCallbackRequestSchema.safeParse({ type: 4 });
export const ok: boolean = r.success;
