import type { APIEmbed } from 'discord.js';
import { localMoment } from '../digest/build-digest.ts';
import type { DigestStatus } from '../digest/subscriptions.ts';
import { formatTimeOfDay } from '../digest/zoned-time.ts';
import type { DigestDelivery, DigestSubscription } from '../store/digest-store.ts';
import { shortenAtWord } from '../text/shorten.ts';
import { escapeText, LIMITS } from './embeds.ts';

const COLOUR = 0x2b6cb0;

/** "every day at 08:00 (Europe/Paris) · 5 events · topics: ceasefire · pings @Editors · silent when nothing is new" */
export function subscriptionLine(subscription: DigestSubscription): string {
  const parts = [
    `every day at ${formatTimeOfDay(subscription.minutes)} (${subscription.timeZone})`,
    `up to ${subscription.size} event${subscription.size === 1 ? '' : 's'}`,
  ];
  if (subscription.topics !== null) parts.push(`topics: ${escapeText(subscription.topics)}`);
  if (subscription.pingRoleId !== null) parts.push(`pings <@&${subscription.pingRoleId}>`);
  parts.push(subscription.whenEmpty === 'silent' ? 'silent when nothing is new' : 'a short line when nothing is new');
  if (subscription.chart) parts.push('with a coverage chart');
  return parts.join(' · ');
}

const RESULTS: Readonly<Record<DigestDelivery['status'], string>> = {
  claimed: 'being posted',
  posted: 'posted',
  empty: 'nothing new',
  retry: 'not posted yet',
  failed: 'failed',
  missed: 'missed',
};

function deliveryLine(delivery: DigestDelivery | null): string {
  if (delivery === null) return 'Last: none yet';
  const detail = delivery.detail === null ? RESULTS[delivery.status] : delivery.detail;
  const when = delivery.finishedAt !== null && delivery.status !== 'missed' ? ` <t:${Math.floor(delivery.finishedAt / 1000)}:R>` : '';
  return `Last (${delivery.localDate}): ${escapeText(detail)}${when}`;
}

/** `/digest status`: every digest of the server, its next run in its own time zone and how the last one went. */
export function digestStatusEmbed(statuses: readonly DigestStatus[]): APIEmbed {
  if (statuses.length === 0) {
    return {
      title: 'Daily digests',
      color: COLOUR,
      description: 'This server has no daily digest yet. `/digest subscribe channel time timezone` sets one up; `/digest preview` shows what it would post.',
    };
  }
  const blocks = statuses.map(({ subscription, nextRun, lastDelivery }) => {
    const next =
      subscription.pausedReason !== null
        ? `⏸ Paused: ${escapeText(subscription.pausedReason)}. Run \`/digest subscribe\` for this channel again to resume.`
        : nextRun === null
          ? 'Next: —'
          : `Next: ${localMoment(nextRun, subscription.timeZone)} (${subscription.timeZone}), <t:${Math.floor(nextRun / 1000)}:R>`;
    return [`<#${subscription.channelId}> — ${subscriptionLine(subscription)}`, next, deliveryLine(lastDelivery)].join('\n');
  });
  let description = '';
  let shown = 0;
  for (const block of blocks) {
    const next = description === '' ? block : `${description}\n\n${block}`;
    if (next.length > LIMITS.description - 60) break;
    description = next;
    shown += 1;
  }
  if (shown < blocks.length) description += `\n\n…and ${blocks.length - shown} more.`;
  return {
    title: `Daily digests (${statuses.length})`,
    color: COLOUR,
    description: shortenAtWord(description, LIMITS.description),
  };
}
