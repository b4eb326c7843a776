import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { DEFAULT_DIGEST_SIZE, MAX_DIGEST_SIZE } from '../digest/subscriptions.ts';
import { UserFacingError } from '../errors.ts';
import { createPictureRenderer } from '../pictures/renderer.ts';
import type { PictureRenderer } from '../pictures/renderer.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { analyzeCommand } from './commands/analyze.ts';
import { demoCommand } from './commands/demo.ts';
import { digestCommand } from './commands/digest.ts';
import { deployCommandsCommand } from './commands/deploy-commands.ts';
import { ingestCommand } from './commands/ingest.ts';
import { reanalyzeCommand } from './commands/reanalyze.ts';
import { backupCommand, pruneCommand } from './commands/maintenance.ts';
import { searchCommand } from './commands/search.ts';
import { eventCommand, eventsCommand } from './commands/events.ts';
import { feedsAddCommand, feedsExportCommand, feedsImportCommand, feedsListCommand, feedsPollCommand, feedsRemoveCommand } from './commands/feeds.ts';
import { answerCommand } from './commands/topic.ts';
import type { CliContext } from './context.ts';
import type { Output } from './output.ts';
import { writeLine } from './output.ts';

export interface CliEnvironment {
  readonly output: Output;
  readonly stdin: NodeJS.ReadableStream;
  readonly clock: () => Date;
  readonly loadConfig: (overrides: { dbPath?: string | undefined }) => Config;
}

const MAX_SEARCH_LIMIT = 100;
const MAX_SUMMARY_SENTENCES = 50;
const DEFAULT_SUMMARY_SENTENCES = 3;
const DEFAULT_ANSWER_ITEMS = 10;
const DEFAULT_TIMELINE_DATES = 12;
const MAX_DATES = 1_000;

function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

const parseLimit = wholeNumber(1, MAX_SEARCH_LIMIT);
const parseSentences = wholeNumber(1, MAX_SUMMARY_SENTENCES);
const parseDates = wholeNumber(1, MAX_DATES);

interface GlobalOptions {
  readonly db?: string;
  readonly debug?: boolean;
}

function buildProgram(environment: CliEnvironment, setExitCode: (code: number) => void): Command {
  const program = new Command('newsbot')
    .description('Stores news articles and answers with summaries, quotes and timelines traceable to their source.')
    .option('--db <path>', 'SQLite database file (overrides NEWSBOT_DB; default ./data/newsbot.db)')
    .option('--debug', 'print stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => environment.output.stdout.write(text),
      writeErr: (text) => environment.output.stderr.write(text),
    })
    .exitOverride();

  let pictures: PictureRenderer | undefined;
  const context = (): CliContext => {
    const globals = program.opts<GlobalOptions>();
    const config = environment.loadConfig({ dbPath: globals.db });
    return {
      config,
      output: environment.output,
      stdin: environment.stdin,
      clock: environment.clock,
      pictures: () => (pictures ??= createPictureRenderer()),
      async withStore(work) {
        const store = openSqliteStore(config.dbPath);
        try {
          return await work(store);
        } finally {
          await store.close();
        }
      },
    };
  };

  program
    .command('ingest')
    .description('store articles from .txt, .md, .html, .json and .jsonl files or folders (- reads standard input)')
    .argument('<paths...>', 'files, folders (read recursively) or - for standard input')
    .option('--json', 'print {"added", "duplicates", "rejected"} as JSON')
    .option('--guild <id>', 'store the articles for one Discord server only (default: shared by every server)')
    .option('--defer-analysis', 'store now, analyse later with `newsbot reanalyze` (fast bulk imports)')
    .action(async (paths: string[], options: { json?: boolean; guild?: string; deferAnalysis?: boolean }) => {
      setExitCode(
        await ingestCommand(paths, { json: options.json === true, guild: options.guild, deferAnalysis: options.deferAnalysis === true }, context()),
      );
    });

  program
    .command('search')
    .description('find stored articles by words in their titles and texts, best match first')
    .argument('<query...>', 'words to look for; any text is accepted')
    .addOption(new Option('--limit <n>', `how many results (1-${MAX_SEARCH_LIMIT})`).default(10).argParser(parseLimit))
    .option('--json', 'print {"results": [...]} as JSON')
    .option('--guild <id>', "include one Discord server's own articles")
    // A query may start with a dash ("-strike"); it is searched as words, never refused as an unknown option.
    .allowUnknownOption()
    .action(async (words: string[], options: { limit: number; json?: boolean; guild?: string }) => {
      setExitCode(await searchCommand(words.join(' '), { limit: options.limit, json: options.json === true, guild: options.guild }, context()));
    });

  program
    .command('analyze')
    .description('analyse one text as given (summary, quotes, dates, entities) without storing it')
    .argument('<file>', 'a UTF-8 text file, or - for standard input')
    .option('--published <date>', 'when it was published: 2025-03-18 (midnight UTC) or 2025-03-18T10:00:00+01:00; default now')
    .option('--title <text>', 'its headline, when the headline is not part of the text')
    .addOption(new Option('--sentences <n>', 'summary length').default(DEFAULT_SUMMARY_SENTENCES).argParser(parseSentences))
    .option('--json', 'print {"summary", "quotes", "timeline", "entities"} as JSON')
    .action(async (file: string, options: { published?: string; title?: string; sentences: number; json?: boolean }) => {
      setExitCode(await analyzeCommand(file, { ...options, json: options.json === true }, context()));
    });

  const guildHelp = "include one Discord server's own articles";
  const descriptions = {
    summary: 'summarise a news event across its articles, verbatim',
    quotes: 'key quotes of a news event, with speakers, each once with all its sources',
    timeline: 'the dated timeline of a news event (or of every stored article with --all)',
  };
  for (const kind of ['summary', 'quotes', 'timeline'] as const) {
    const command = program
      .command(kind)
      .description(descriptions[kind])
      .option('--topic <text>', 'the event whose articles best match this text; any text is accepted')
      .option('--event <id>', 'the event with this id (`newsbot events` lists them)')
      .option('--json', kind === 'timeline' ? 'print {"entries": [{"date", "summary", "articles"}]} as JSON' : `print {"event", "articles", "${kind}"} as JSON`)
      .option('--guild <id>', guildHelp);
    if (kind === 'summary') {
      command.addOption(new Option('--sentences <n>', 'summary length').default(DEFAULT_SUMMARY_SENTENCES).argParser(parseSentences));
    } else if (kind === 'quotes') {
      command.addOption(new Option('--limit <n>', 'how many quotes').default(DEFAULT_ANSWER_ITEMS).argParser(parseLimit));
      command.option('--speaker <name>', 'only quotes by this speaker (any part of the name)');
    } else {
      command.option('--all', 'every stored article as one story');
      command.option('--png <file>', 'also draw the timeline as a PNG picture into this file');
      command.addOption(new Option('--dates <n>', `at most this many dates (1-${MAX_DATES})`).default(DEFAULT_TIMELINE_DATES).argParser(parseDates));
    }
    command.action(
      async (options: {
        topic?: string;
        event?: string;
        all?: boolean;
        json?: boolean;
        guild?: string;
        sentences?: number;
        limit?: number;
        dates?: number;
        speaker?: string;
        png?: string;
      }) => {
        const chosen = [options.topic !== undefined, options.event !== undefined, options.all === true].filter(Boolean).length;
        if (chosen !== 1) {
          throw new UserFacingError(kind === 'timeline' ? 'give one of --topic TEXT, --event ID or --all' : 'give one of --topic TEXT or --event ID');
        }
        const subject = options.all === true ? ({ all: true } as const) : options.event !== undefined ? { eventId: options.event } : { topic: options.topic ?? '' };
        setExitCode(
          await answerCommand(
            kind,
            subject,
            {
              json: options.json === true,
              guild: options.guild,
              sentences: options.sentences ?? DEFAULT_SUMMARY_SENTENCES,
              limit: options.limit ?? DEFAULT_ANSWER_ITEMS,
              dates: options.dates ?? DEFAULT_TIMELINE_DATES,
              speaker: options.speaker,
              png: options.png,
            },
            context(),
          ),
        );
      },
    );
  }

  program
    .command('events')
    .description('current news events (last article within 7 days of the newest), most outlets first')
    .option('--all', 'every event, so that every stored article appears in exactly one')
    .option('--json', 'print {"events": [{"id", "title", "articles": [{"id", "url", "title"}]}]} as JSON')
    .option('--guild <id>', guildHelp)
    .action(async (options: { all?: boolean; json?: boolean; guild?: string }) => {
      setExitCode(await eventsCommand({ all: options.all === true, json: options.json === true, guild: options.guild }, context()));
    });

  program
    .command('event')
    .description('one event: title, outlets, first report, summary, key quotes and timeline')
    .argument('<id>', 'the event id (`newsbot events` lists them)')
    .option('--json', 'print the overview as JSON')
    .option('--guild <id>', guildHelp)
    .addOption(new Option('--sentences <n>', 'summary length').default(DEFAULT_SUMMARY_SENTENCES).argParser(parseSentences))
    .addOption(new Option('--limit <n>', 'how many quotes').default(5).argParser(parseLimit))
    .addOption(new Option('--dates <n>', `at most this many dates (1-${MAX_DATES})`).default(DEFAULT_TIMELINE_DATES).argParser(parseDates))
    .option('--png <file>', 'also draw its coverage chart (articles per day per outlet) as a PNG picture into this file')
    .action(async (id: string, options: { json?: boolean; guild?: string; sentences: number; limit: number; dates: number; png?: string }) => {
      setExitCode(await eventCommand(id, { ...options, json: options.json === true }, context()));
    });

  program
    .command('digest')
    .description('the daily digest: the top events among the articles stored since --since, as a subscription would post it')
    .option('--topics <words>', 'only events about these topics (commas between topics)')
    .option('--since <when>', '"all", a span back from now (24h, 3d) or a date (2026-11-26)', '24h')
    .option('--timezone <zone>', 'IANA time zone for the date and times shown', 'UTC')
    .addOption(new Option('--size <n>', `events at most (1-${MAX_DIGEST_SIZE})`).default(DEFAULT_DIGEST_SIZE).argParser(wholeNumber(1, MAX_DIGEST_SIZE)))
    .option('--json', 'print {"date", "timeZone", "title", "since", "topics", "events": [...], "moreEvents"} as JSON')
    .option('--guild <id>', guildHelp)
    .action(async (options: { topics?: string; since: string; timezone: string; size: number; json?: boolean; guild?: string }) => {
      setExitCode(
        await digestCommand(
          { topics: options.topics ?? null, since: options.since, timezone: options.timezone, size: options.size, json: options.json === true, guild: options.guild },
          context(),
        ),
      );
    });

  program
    .command('reanalyze')
    .description('re-run the analysis on stored articles analysed by an older version of newsbot')
    .action(async () => {
      setExitCode(await reanalyzeCommand(context()));
    });

  program
    .command('prune')
    .description('delete articles older than the retention period (NEWSBOT_RETENTION_DAYS), except those of current events')
    .addOption(new Option('--days <n>', 'keep articles published within this many days (default: NEWSBOT_RETENTION_DAYS, 90)').argParser(wholeNumber(1, 100_000)))
    .option('--json', 'print {"articles", "events", "publishedBefore", "keepEventsActiveSince"} as JSON')
    .action(async (options: { days?: number; json?: boolean }) => {
      setExitCode(await pruneCommand({ days: options.days, json: options.json === true }, context()));
    });

  program
    .command('backup')
    .description('write a consistent copy of the database to FILE, safe while the bot runs')
    .argument('<file>', 'where to write the copy (folders are created; never the live database)')
    .action(async (file: string) => {
      setExitCode(await backupCommand(file, context()));
    });

  const feeds = program.command('feeds').description('the news feeds newsbot polls: add, list, remove, poll, import and export');
  const sharedHelp = 'the feeds of one Discord server (default: the shared feeds, seen by every server)';
  feeds
    .command('add')
    .description('check a feed (RSS, Atom or JSON Feed) and follow it; its current items are stored at the first poll, not posted')
    .argument('<url>', 'the feed address')
    .option('--guild <id>', sharedHelp)
    .option('--channel <id>', 'the Discord channel the bot posts its new items to (default: store only)')
    .option('--filter <words>', 'post only items containing any of these words (all items are stored)')
    .option('--json', 'print the feed as JSON')
    .action(async (url: string, options: { guild?: string; channel?: string; filter?: string; json?: boolean }) => {
      setExitCode(await feedsAddCommand(url, { ...options, json: options.json === true }, context()));
    });
  feeds
    .command('list')
    .description('the feeds followed, oldest first, with their state')
    .option('--guild <id>', sharedHelp)
    .option('--all', 'every feed of every server')
    .option('--json', 'print {"feeds": [...]} as JSON')
    .action(async (options: { guild?: string; all?: boolean; json?: boolean }) => {
      setExitCode(await feedsListCommand({ guild: options.guild, all: options.all === true, json: options.json === true }, context()));
    });
  feeds
    .command('remove')
    .description('stop following a feed (its articles stay)')
    .argument('<id>', 'the feed id (`newsbot feeds list` shows them)')
    .option('--guild <id>', sharedHelp)
    .action(async (id: string, options: { guild?: string }) => {
      setExitCode(await feedsRemoveCommand(id, options, context()));
    });
  feeds
    .command('poll')
    .description('poll the feeds that are due once and store their new items (the command line never posts)')
    .option('--all-now', 'poll every feed that is not paused, due or not')
    .action(async (options: { allNow?: boolean }) => {
      setExitCode(await feedsPollCommand({ allNow: options.allNow === true }, context()));
    });
  feeds
    .command('import')
    .description('follow every feed of an OPML subscription list (from a feed reader) that checks out')
    .argument('<file>', 'the OPML file, or - for standard input')
    .option('--guild <id>', sharedHelp)
    .option('--channel <id>', 'the Discord channel the bot posts their new items to (default: store only)')
    .option('--json', 'print {"added", "skipped"} as JSON')
    .action(async (file: string, options: { guild?: string; channel?: string; json?: boolean }) => {
      setExitCode(await feedsImportCommand(file, { ...options, json: options.json === true }, context()));
    });
  feeds
    .command('export')
    .description('print the feeds as an OPML subscription list, for feed readers')
    .option('--guild <id>', sharedHelp)
    .action(async (options: { guild?: string }) => {
      setExitCode(await feedsExportCommand(options, context()));
    });

  program
    .command('deploy-commands')
    .description('register the slash commands with Discord (in DISCORD_GUILD_ID if set, else globally), replacing the whole set')
    .action(async () => {
      setExitCode(await deployCommandsCommand(context()));
    });

  program
    .command('demo')
    .description('ingest the bundled sample articles and show what newsbot makes of them (no Discord needed)')
    .action(async () => {
      setExitCode(await demoCommand(context()));
    });

  return program;
}

function describe(error: unknown): string {
  if (error instanceof ConfigError) return error.problems.map((problem) => `configuration: ${problem}`).join('\n');
  if (error instanceof UserFacingError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message.split('\n')[0]}`;
}

/** Runs one command line and returns the exit code. Errors become one line on stderr; stacks only with --debug. */
export async function runCli(argv: readonly string[], environment: CliEnvironment = processEnvironment()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(environment, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (usage errors, --help, --version).
      return error.exitCode;
    }
    for (const line of describe(error).split('\n')) writeLine(environment.output.stderr, `newsbot: ${line}`);
    if (argv.includes('--debug') && error instanceof Error && error.stack) writeLine(environment.output.stderr, error.stack);
    return 1;
  }
}

function processEnvironment(): CliEnvironment {
  return {
    output: { stdout: process.stdout, stderr: process.stderr },
    stdin: process.stdin,
    clock: () => new Date(),
    loadConfig,
  };
}
