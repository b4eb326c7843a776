/**
 * Posts digests in Discord channels (the DigestSender the digest round calls). Before posting it checks the channel
 * is still there and writable; every message carries a nonce Discord enforces, so a retried send cannot make a
 * second copy; after a crash it looks at the channel for what the crashed run had sent before sending the rest.
 */
import { PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import type { Client, Message, SendableChannels } from 'discord.js';
import type { Logger } from 'pino';
import type { DeliveryRequest, DeliveryResult, DigestSender } from '../digest/sender.ts';
import type { PictureRenderer } from '../pictures/renderer.ts';
import type { DigestSubscription } from '../store/digest-store.ts';
import { formatTimeOfDay } from '../digest/zoned-time.ts';
import { shortenAtWord } from '../text/shorten.ts';
import { channelGoneReason, discordCode, missingPostingPermissions, postableChannel, tellServer } from './channel-access.ts';
import { digestMessages, digestPartMarker } from './digest-messages.ts';
import type { DigestMessage } from './digest-messages.ts';
import { escapeText, LIMITS } from './embeds.ts';
import { pictureAttachment } from './pictures.ts';

/** Recent messages read when recovering from a crash: a digest is a few messages, others may have talked since. */
const RECOVERY_SCAN = 50;

/** A nonce (≤ 25 characters, as Discord allows) unique to one message of one day's digest of one subscription. */
export function digestNonce(subscriptionId: string, localDate: string, part: number): string {
  return `d${subscriptionId}${localDate.replace(/-/g, '')}${part}`.slice(0, 25);
}

/** The bot's recent message carrying a part's marker (the digest's title holds its date, so no other day matches). */
async function findPosted(channel: SendableChannels, botId: string, marker: string): Promise<Message | null> {
  const recent = await channel.messages.fetch({ limit: RECOVERY_SCAN, cache: false });
  return recent.find((message) => message.author.id === botId && message.content.includes(marker)) ?? null;
}

/** A digest's chart is a file: without this permission the digest goes out without its chart, not at all. */
const CHART_PERMISSIONS = [[PermissionFlagsBits.AttachFiles, 'Attach Files']] as const;

export function createDigestPoster(client: Client, deps: { readonly logger: Logger; readonly pictures: PictureRenderer }): DigestSender {
  const { logger } = deps;

  async function deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const { subscription, digest } = request;
    const found = await postableChannel(client, subscription.channelId);
    if ('unavailable' in found) return { kind: 'channel_unavailable', reason: found.unavailable };
    const messages: DigestMessage[] = digestMessages(digest, { pingRoleId: subscription.pingRoleId });
    const { chart } = digest;
    const mayAttach = found.channel.isDMBased() || missingPostingPermissions(found.channel, client, CHART_PERMISSIONS) === null;
    if (chart !== null && !mayAttach) logger.warn({ subscription: subscription.id, channel: subscription.channelId }, 'no Attach Files permission: digest posted without its chart');
    const chartFile =
      chart === null || !mayAttach ? null : pictureAttachment('coverage.png', () => deps.pictures.coverage(chart), logger, { subscription: subscription.id });
    const posted = [...request.posted];
    const botId = client.user?.id ?? '';
    try {
      for (let part = posted.length; part < messages.length; part += 1) {
        const message = messages[part] as DigestMessage;
        if (request.recover) {
          const earlier = await findPosted(found.channel, botId, digestPartMarker(digest, part));
          if (earlier !== null) {
            logger.info({ subscription: subscription.id, part, message: earlier.id }, 'digest part found already posted; not posting it again');
            posted.push(earlier.id);
            await request.onPosted(earlier.id);
            continue;
          }
        }
        const payload = {
          content: message.content,
          embeds: [...message.embeds],
          allowedMentions: message.allowedMentions,
          nonce: digestNonce(subscription.id, digest.localDate, part),
          enforceNonce: true,
        };
        let sent: Message;
        try {
          sent = await found.channel.send(part === 0 && chartFile !== null ? { ...payload, files: [chartFile] } : payload);
        } catch (error) {
          // Attach Files taken away before the gateway told us: the digest goes out without its chart.
          if (part !== 0 || chartFile === null || discordCode(error) !== RESTJSONErrorCodes.MissingPermissions) throw error;
          logger.warn({ subscription: subscription.id, channel: subscription.channelId }, 'chart refused: digest posted without it');
          sent = await found.channel.send(payload);
        }
        posted.push(sent.id);
        await request.onPosted(sent.id);
      }
    } catch (error) {
      const reason = channelGoneReason(error);
      if (reason !== null) return { kind: 'channel_unavailable', reason };
      throw error;
    }
    return { kind: 'posted', messageIds: posted };
  }

  async function announcePause(subscription: DigestSubscription, reason: string): Promise<void> {
    const why = escapeText(reason.trim().replace(/[.\s]+$/, ''));
    const time = `${formatTimeOfDay(subscription.minutes)} ${subscription.timeZone}`;
    const content = (where: string) =>
      shortenAtWord(
        `Paused the daily digest (${time})${where}: ${why}. Fix the channel and run \`/digest subscribe\` for it again, or \`/digest unsubscribe\`.`,
        LIMITS.content,
      );
    await tellServer(client, logger, { guildId: subscription.guildId, channelId: subscription.channelId, content, about: { subscription: subscription.id } });
  }

  return { deliver, announcePause };
}
