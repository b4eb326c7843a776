import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Append-only: a released migration is never edited, a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, segments and full-text index',
    sql: `
      CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        guild_id TEXT,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        url TEXT,
        canonical_url TEXT,
        source TEXT,
        published_at TEXT NOT NULL,
        published_ts INTEGER NOT NULL,
        published_is_ingest_time INTEGER NOT NULL CHECK (published_is_ingest_time IN (0, 1)),
        language TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        content_hash TEXT NOT NULL
      );
      -- Duplicate keys are unique per scope; '' stands for the shared scope because NULLs never collide.
      CREATE UNIQUE INDEX articles_scope_canonical_url ON articles (COALESCE(guild_id, ''), canonical_url)
        WHERE canonical_url IS NOT NULL;
      CREATE INDEX articles_scope_content_hash ON articles (COALESCE(guild_id, ''), content_hash);
      CREATE INDEX articles_published ON articles (published_ts);

      CREATE TABLE paragraphs (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('heading', 'paragraph')),
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;

      CREATE TABLE sentences (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        paragraph_idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;

      CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text,
        content = 'articles', content_rowid = 'seq',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `,
  },
  {
    version: 2,
    name: 'analysis results: entities, quotes, dates, summary ranking',
    sql: `
      -- 0 = never analysed; compared with the pipeline's version by \`newsbot reanalyze\`.
      ALTER TABLE articles ADD COLUMN analysis_version INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX articles_analysis_version ON articles (analysis_version);

      CREATE TABLE entities (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('person', 'organization', 'place')),
        mentions INTEGER NOT NULL,
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;
      CREATE INDEX entities_by_name ON entities (name);

      CREATE TABLE quotes (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        speaker TEXT,
        speaker_cue TEXT,
        fragment INTEGER NOT NULL,
        is_key INTEGER NOT NULL,
        key_score REAL NOT NULL,
        sentence_idx INTEGER NOT NULL,
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;

      CREATE TABLE date_mentions (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        date TEXT NOT NULL,
        granularity TEXT NOT NULL CHECK (granularity IN ('day', 'month', 'year')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence_idx INTEGER NOT NULL,
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;
      CREATE INDEX date_mentions_by_date ON date_mentions (date);

      -- The summary as an order of selection: any summary of N sentences is the first N ranks, in text order.
      CREATE TABLE summary_ranks (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        sentence_idx INTEGER NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_seq, rank)
      ) WITHOUT ROWID;

      CREATE TABLE analysis_skips (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (article_seq, stage)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'who added an article from Discord',
    sql: `
      ALTER TABLE articles ADD COLUMN added_by TEXT;
      -- A server's own articles, newest first: /article autocomplete and removal.
      CREATE INDEX articles_by_guild ON articles (guild_id, seq) WHERE guild_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'events: articles grouped into stories, with what grouping needs to go on incrementally',
    sql: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        -- The scope: NULL for shared articles, else the one guild whose articles it holds. Never mixed.
        guild_id TEXT,
        title TEXT NOT NULL,
        -- How well the title's article represents the event, to replace the title only with a better one.
        title_score REAL NOT NULL,
        article_count INTEGER NOT NULL,
        -- Published times (ms) of its first and last dated article; NULL while it has none.
        first_published_ts INTEGER,
        last_published_ts INTEGER,
        -- The first article stored: the first report, and the recency of undated events.
        first_article_seq INTEGER NOT NULL,
        last_article_seq INTEGER NOT NULL,
        -- The grouping's running profile of the event (terms, entities), JSON, read back for the next article.
        profile TEXT NOT NULL,
        -- Distinct outlets among its articles (kept with event_outlets), so that lists sort without counting.
        outlet_count INTEGER NOT NULL DEFAULT 0
      );
      -- Current events: those of a scope whose last article is recent.
      CREATE INDEX events_by_scope_last ON events (COALESCE(guild_id, ''), last_published_ts);

      CREATE TABLE event_outlets (
        event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
        outlet TEXT NOT NULL,
        PRIMARY KEY (event_seq, outlet)
      ) WITHOUT ROWID;

      -- Keys (distinctive terms and names) of each event's profile: finds candidate events without reading them all.
      -- Only added to as the event grows (a key that left the profile still finds it, which costs a candidate, not a
      -- wrong answer); each key's newest events are read first.
      CREATE TABLE event_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
        PRIMARY KEY (scope, key, event_seq)
      ) WITHOUT ROWID;
      CREATE INDEX event_keys_by_event ON event_keys (event_seq);

      -- Document frequencies of the grouping's terms per scope key ('' shared), for IDF weights that grow with the corpus.
      CREATE TABLE event_term_stats (
        scope TEXT NOT NULL,
        term TEXT NOT NULL,
        documents INTEGER NOT NULL,
        PRIMARY KEY (scope, term)
      ) WITHOUT ROWID;

      -- An event merged into another keeps answering to its old id.
      CREATE TABLE event_aliases (
        old_id TEXT PRIMARY KEY,
        event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE
      ) WITHOUT ROWID;

      ALTER TABLE articles ADD COLUMN event_seq INTEGER REFERENCES events (seq);
      CREATE INDEX articles_by_event ON articles (event_seq, published_ts);
    `,
  },
  {
    version: 5,
    name: 'feeds, the items they have given, and the messages that post events',
    sql: `
      CREATE TABLE feeds (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        -- NULL: a shared feed (added by the operator), whose articles every server sees.
        guild_id TEXT,
        -- Where its events are posted; NULL for a feed that only stores articles.
        channel_id TEXT,
        url TEXT NOT NULL,
        title TEXT,
        -- Words an item must contain (any of them) to be posted; NULL posts everything.
        filter TEXT,
        added_by TEXT,
        added_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        -- The polling policy's state (src/feeds/poll-policy.ts), JSON.
        poll_state TEXT NOT NULL,
        -- NULL while paused: the due feeds are found by this column alone.
        next_poll_at INTEGER,
        last_polled_at TEXT,
        -- 0 until the first successful poll, whose items are stored without being posted (no flood).
        primed INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX feeds_unique ON feeds (COALESCE(guild_id, ''), COALESCE(channel_id, ''), url);
      CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE next_poll_at IS NOT NULL;

      -- Identity keys of items already taken from feeds, per scope: an item is new only if none of its keys is here.
      CREATE TABLE feed_item_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        feed_seq INTEGER NOT NULL REFERENCES feeds (seq) ON DELETE CASCADE,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
      ) WITHOUT ROWID;
      CREATE INDEX feed_item_keys_by_feed ON feed_item_keys (feed_seq);

      -- The message that shows an event in a channel, edited as more outlets report it.
      CREATE TABLE event_posts (
        channel_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        guild_id TEXT,
        outlet_count INTEGER NOT NULL,
        posted_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (channel_id, event_seq)
      ) WITHOUT ROWID;
      CREATE INDEX event_posts_by_event ON event_posts (event_seq);
      CREATE INDEX event_posts_by_channel_time ON event_posts (channel_id, posted_at);
    `,
  },
  {
    version: 6,
    name: 'daily digests: subscriptions and the delivery ledger',
    sql: `
      -- One digest per channel; a server may have several.
      CREATE TABLE digest_subscriptions (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL UNIQUE,
        -- Local time of day in minutes after midnight, in the IANA zone.
        minutes INTEGER NOT NULL,
        time_zone TEXT NOT NULL,
        topics TEXT,
        size INTEGER NOT NULL,
        ping_role_id TEXT,
        -- 'line': post a short line when nothing happened; 'silent': post nothing.
        when_empty TEXT NOT NULL,
        chart INTEGER NOT NULL DEFAULT 0,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- Set when the bot can no longer post there; subscribing again clears it.
        paused_reason TEXT,
        paused_at INTEGER
      );
      CREATE INDEX digest_subscriptions_by_guild ON digest_subscriptions (guild_id, seq);

      -- The ledger: a row claims (subscription, local date) before anything is posted, so no digest goes out twice.
      CREATE TABLE digest_deliveries (
        subscription_seq INTEGER NOT NULL REFERENCES digest_subscriptions (seq) ON DELETE CASCADE,
        local_date TEXT NOT NULL,
        -- claimed | posted | empty | retry | failed | missed (src/digest/schedule.ts)
        status TEXT NOT NULL,
        scheduled_at INTEGER NOT NULL,
        claim_token TEXT,
        claimed_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        -- The messages posted so far, JSON array of ids, recorded one by one as each is sent.
        message_ids TEXT NOT NULL DEFAULT '[]',
        -- The newest article the digest covered: the next digest starts after it.
        through_article_seq INTEGER,
        detail TEXT,
        finished_at INTEGER,
        PRIMARY KEY (subscription_seq, local_date)
      ) WITHOUT ROWID;
      CREATE INDEX digest_deliveries_by_date ON digest_deliveries (local_date);

    `,
  },
];

/** Brings the database up to the newest version, each migration in its own transaction. Returns the versions applied. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current = (db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`the database is at schema version ${current}, newer than this newsbot knows (${newest}); upgrade newsbot`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    applied.push(migration.version);
  }
  return applied;
}
