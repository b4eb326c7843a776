import { randomBytes } from 'node:crypto';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import type { APIEmbed, AttachmentBuilder, ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';

/** An interaction whose reply can carry a paged answer: a slash command or a submitted form. */
export type AnswerableInteraction = ChatInputCommandInteraction | ModalSubmitInteraction;

/** Buttons stop working well before the interaction token's 15 minutes run out. */
export const PAGING_LIFETIME_MS = 10 * 60_000;
const PREFIX = 'page';

interface Session {
  readonly ownerId: string;
  readonly ownerName: string;
  readonly pages: readonly APIEmbed[];
  readonly createdAt: number;
  readonly original: AnswerableInteraction;
  index: number;
  timer: NodeJS.Timeout;
}

function buttons(id: string, index: number, count: number): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`${PREFIX}:${id}:prev`).setLabel('Previous').setStyle(ButtonStyle.Secondary).setDisabled(index === 0),
    new ButtonBuilder()
      .setCustomId(`${PREFIX}:${id}:next`)
      .setLabel('Next')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(index >= count - 1),
  );
}

/**
 * Answers of several pages, with Previous/Next buttons that only the requester can press. After
 * `PAGING_LIFETIME_MS` the buttons are removed (by a timer, and on any later press, measured with the clock).
 */
export class PageSessions {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly clock: () => Date) {}

  isPagingButton(customId: string): boolean {
    return customId.startsWith(`${PREFIX}:`);
  }

  /**
   * Sends the first page (as the reply or the deferred reply's edit) with buttons when there is more than one. Files
   * (a picture) go with the message once and stay as the pages turn.
   */
  async send(interaction: AnswerableInteraction, pages: readonly APIEmbed[], files: readonly AttachmentBuilder[] = []): Promise<void> {
    const [first] = pages;
    if (!first) return;
    const payload = { embeds: [first], allowedMentions: { parse: [] }, ...(files.length > 0 ? { files: [...files] } : {}) };
    if (pages.length === 1) {
      if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
      else await interaction.reply(payload);
      return;
    }
    const id = randomBytes(6).toString('hex');
    const withButtons = { ...payload, components: [buttons(id, 0, pages.length)] };
    // The session exists before the buttons do, so an early press finds it.
    const timer = setTimeout(() => void this.#expire(id), PAGING_LIFETIME_MS);
    timer.unref();
    this.#sessions.set(id, {
      ownerId: interaction.user.id,
      ownerName: interaction.user.username,
      pages,
      createdAt: this.clock().getTime(),
      original: interaction,
      index: 0,
      timer,
    });
    try {
      if (interaction.deferred || interaction.replied) await interaction.editReply(withButtons);
      else await interaction.reply(withButtons);
    } catch (error) {
      this.#forget(id);
      throw error;
    }
  }

  /** Handles a Previous/Next press. */
  async press(interaction: ButtonInteraction): Promise<void> {
    const [, id = '', direction] = interaction.customId.split(':');
    const session = this.#sessions.get(id);
    const expired = !session || this.clock().getTime() - session.createdAt >= PAGING_LIFETIME_MS;
    if (expired) {
      if (session) this.#forget(id);
      await interaction.update({ components: [], allowedMentions: { parse: [] } });
      await interaction.followUp({ content: 'These page buttons have expired; run the command again.', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    if (interaction.user.id !== session.ownerId) {
      await interaction.reply({
        content: `Only ${session.ownerName} can page this answer; run the command yourself to get your own.`,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    session.index = Math.min(session.pages.length - 1, Math.max(0, session.index + (direction === 'next' ? 1 : -1)));
    const page = session.pages[session.index];
    await interaction.update({ embeds: page ? [page] : [], components: [buttons(id, session.index, session.pages.length)], allowedMentions: { parse: [] } });
  }

  /** Removes every session's buttons' timers (on shutdown). */
  close(): void {
    for (const id of [...this.#sessions.keys()]) this.#forget(id);
  }

  #forget(id: string): void {
    const session = this.#sessions.get(id);
    if (session) clearTimeout(session.timer);
    this.#sessions.delete(id);
  }

  async #expire(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#forget(id);
    await session.original.editReply({ components: [] }).catch(() => undefined);
  }
}
