// A local Discord (REST + gateway on 127.0.0.1) for end-to-end tests with the real discord.js Client.
// See server.ts for how to start it and what it can do.
export { DiscordDouble, startDiscordDouble } from './server.ts';
export type {
  AttachmentOptionValue,
  AutocompleteOptions,
  ComponentOptions,
  DiscordDoubleOptions,
  ModalSubmitOptions,
  OptionValue,
  SelectOptions,
  SlashCommandOptions,
  UserMessageOptions,
} from './server.ts';
export { InteractionHandle, CallbackType, InteractionType } from './interactions.ts';
export type { CallbackRecord, InteractionEvent, RejectedRequest } from './interactions.ts';
export type { ChannelRateLimit, RateLimitAnswer, RequestLogEntry, RequestTarget } from './rest.ts';
export type { StoredAttachment, StoredChannel, StoredMessage } from './state.ts';
export { MessageFlag } from './state.ts';
export { defaultFixture, FIXTURE_IDS } from './fixtures.ts';
export type { DoubleFixture, FixtureChannel, FixtureGuild, FixtureMember, FixtureRole, FixtureUser } from './fixtures.ts';
export { EMBED_LIMITS } from './validation.ts';
export type { UploadedFile } from './http-body.ts';
