import type { Config } from '../config/config.ts';
import type { PictureRenderer } from '../pictures/renderer.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { Output } from './output.ts';

/** What every CLI command is given: built once in `main.ts`, never reached for globally. */
export interface CliContext {
  readonly config: Config;
  readonly output: Output;
  readonly stdin: NodeJS.ReadableStream;
  readonly clock: () => Date;
  /** The picture renderer, made on first use (it loads the fonts). */
  pictures(): PictureRenderer;
  /** Opens the store, runs the work and always closes it. */
  withStore<T>(work: (store: ArticleStore) => Promise<T>): Promise<T>;
}
