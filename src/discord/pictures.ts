/**
 * Pictures as Discord attachments. A picture is a bonus beside the text, which carries everything: if drawing fails,
 * the answer goes out without it and the log says why.
 */
import { AttachmentBuilder } from 'discord.js';
import type { Logger } from 'pino';
import type { RenderedPicture } from '../pictures/renderer.ts';

export function pictureAttachment(name: string, draw: () => RenderedPicture, logger: Logger, context: Record<string, unknown> = {}): AttachmentBuilder | null {
  try {
    const started = performance.now();
    const picture = draw();
    logger.debug({ ...context, picture: name, bytes: picture.png.length, ms: Math.round(performance.now() - started) }, 'picture drawn');
    return new AttachmentBuilder(picture.png, { name, description: 'Picture of the answer; the message text says the same.' });
  } catch (error) {
    logger.error({ ...context, err: error, picture: name }, 'could not draw a picture; answering without it');
    return null;
  }
}
