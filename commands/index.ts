// Every slash command, listed explicitly: the router dispatches through this list and deploy registers it.
import type { Command } from '../src/discord/command.ts';
import * as article from './article.ts';
import * as digest from './digest.ts';
import * as event from './event.ts';
import * as events from './events.ts';
import * as feeds from './feeds.ts';
import * as help from './help.ts';
import * as quotes from './quotes.ts';
import * as search from './search.ts';
import * as summary from './summary.ts';
import * as timeline from './timeline.ts';

export const commands: readonly Command[] = [summary, quotes, timeline, events, event, search, article, feeds, digest, help];
