// discord-api-spec ships its zod schemas as untyped JS (`discord-api-spec/zod`); this shim types the few we use.
declare module 'discord-api-spec/zod' {
  interface SpecIssue {
    path: PropertyKey[];
    message: string;
    code?: string;
  }
  interface SpecSchema {
    safeParse(
      data: unknown,
    ): { success: true; data: unknown } | { success: false; error: { issues: SpecIssue[] } };
  }
  export const CreateMessageInteractionCallbackRequestSchema: SpecSchema;
  export const UpdateMessageInteractionCallbackRequestSchema: SpecSchema;
  export const ApplicationCommandAutocompleteCallbackRequestSchema: SpecSchema;
  export const ModalInteractionCallbackRequestSchema: SpecSchema;
  export const IncomingWebhookUpdateRequestPartialSchema: SpecSchema;
  export const IncomingWebhookRequestPartialSchema: SpecSchema;
  export const MessageCreateRequestSchema: SpecSchema;
  export const MessageEditRequestPartialSchema: SpecSchema;
  export const ApplicationCommandUpdateRequestSchema: SpecSchema;
  export const ApplicationCommandCreateRequestSchema: SpecSchema;
  export const ApplicationCommandPatchRequestPartialSchema: SpecSchema;
}
