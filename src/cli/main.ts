import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { UserFacingError } from '../errors.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { analyzeCommand } from './commands/analyze.ts';
import { demoCommand } from './commands/demo.ts';
import { deployCommandsCommand } from './commands/deploy-commands.ts';
import { ingestCommand } from './commands/ingest.ts';
import { reanalyzeCommand } from './commands/reanalyze.ts';
import { searchCommand } from './commands/search.ts';
import { topicCommand } from './commands/topic.ts';
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

  const context = (): CliContext => {
    const globals = program.opts<GlobalOptions>();
    const config = environment.loadConfig({ dbPath: globals.db });
    return {
      config,
      output: environment.output,
      stdin: environment.stdin,
      clock: environment.clock,
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

  const topicOptions = { guild: "include one Discord server's own articles" };
  for (const kind of ['summary', 'quotes', 'timeline'] as const) {
    const descriptions = {
      summary: 'summarise the stored article that best matches a topic',
      quotes: 'key quotes, with speakers, from the stored articles that best match a topic',
      timeline: 'dated statements from the stored articles that best match a topic, in date order',
    };
    const command = program
      .command(kind)
      .description(descriptions[kind])
      .requiredOption('--topic <text>', 'what to look for; any text is accepted')
      .option('--json', `print {"articles", "${kind}"} as JSON`)
      .option('--guild <id>', topicOptions.guild);
    if (kind === 'summary') {
      command.addOption(new Option('--sentences <n>', 'summary length').default(DEFAULT_SUMMARY_SENTENCES).argParser(parseSentences));
    } else {
      command.addOption(new Option('--limit <n>', 'how many entries').default(DEFAULT_ANSWER_ITEMS).argParser(parseLimit));
    }
    if (kind === 'quotes') command.option('--speaker <name>', 'only quotes by this speaker (any part of the name)');
    command.action(
      async (options: { topic: string; json?: boolean; guild?: string; sentences?: number; limit?: number; speaker?: string }) => {
        setExitCode(
          await topicCommand(
            kind,
            options.topic,
            {
              json: options.json === true,
              guild: options.guild,
              sentences: options.sentences ?? DEFAULT_SUMMARY_SENTENCES,
              limit: options.limit ?? DEFAULT_ANSWER_ITEMS,
              speaker: options.speaker,
            },
            context(),
          ),
        );
      },
    );
  }

  program
    .command('reanalyze')
    .description('re-run the analysis on stored articles analysed by an older version of newsbot')
    .action(async () => {
      setExitCode(await reanalyzeCommand(context()));
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
