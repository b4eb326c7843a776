// Request bodies as discord.js sends them: JSON, or multipart/form-data with `payload_json` and `files[n]` parts.
// Multipart is parsed by the platform's own parser (Response#formData), so no hand-written boundary handling.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.ts';

export interface UploadedFile {
  /** The form field, e.g. "files[0]". */
  field: string;
  /** n of "files[n]", or null for another field name. */
  index: number | null;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

export interface ParsedBody {
  json: unknown;
  files: UploadedFile[];
  multipart: boolean;
  size: number;
}

export function readRaw(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        return;
      }
      if (!failed) chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) reject(new ApiError(413, 40005, 'Request entity too large', { violation: true }));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

const invalidJson = () => new ApiError(400, 50109, 'The request body contains invalid JSON.', { violation: true });

export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { json: undefined, files: [], multipart: false, size: 0 };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { 'content-type': contentType ?? '' } }).formData();
    } catch {
      throw new ApiError(400, 50035, 'Invalid Form Body', { violation: true });
    }
    let json: Record<string, unknown> = {};
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            const parsed: unknown = JSON.parse(value);
            if (typeof parsed === 'object' && parsed !== null) json = { ...json, ...(parsed as Record<string, unknown>) };
          } catch {
            throw invalidJson();
          }
        } else {
          json[field] = value;
        }
      } else {
        const index = /^files\[(\d+)\]$/.exec(field)?.[1];
        files.push({
          field,
          index: index === undefined ? null : Number(index),
          filename: value.name,
          contentType: value.type || null,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { json, files, multipart: true, size: raw.length };
  }
  try {
    return { json: JSON.parse(raw.toString('utf8')) as unknown, files: [], multipart: false, size: raw.length };
  } catch {
    throw invalidJson();
  }
}
