// The body checks Discord makes that are cheap to copy. Each returns FormErrors in Discord's shape (path, code,
// message); the caller answers 400 code 50035 "Invalid Form Body" when there is any.
import type { FormError } from './errors.ts';
import { MaxLength, Required } from './errors.ts';
import { MessageFlag } from './state.ts';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Path = readonly (string | number)[];

function maxLength(errors: FormError[], path: Path, value: unknown, limit: number, required = false): void {
  if (value === undefined || value === null) {
    if (required) errors.push({ path, ...Required });
    return;
  }
  if (typeof value !== 'string') {
    errors.push({ path, code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
    return;
  }
  if (required && value.length === 0) errors.push({ path, ...Required });
  else if ([...value].length > limit) errors.push({ path, ...MaxLength(limit) });
}

function httpUrl(errors: FormError[], path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  const scheme = typeof value === 'string' ? /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1] : undefined;
  if (!scheme) {
    errors.push({ path, code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
  } else if (!['http', 'https', 'attachment'].includes(scheme.toLowerCase())) {
    errors.push({
      path,
      code: 'URL_TYPE_INVALID_SCHEME',
      message: `Scheme "${scheme}" is not supported. Scheme must be one of ('http', 'https').`,
    });
  }
}

export const EMBED_LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  total: 6000,
} as const;

/** Characters counted against the 6000 total: title, description, field names and values, footer text, author name. */
export function embedSize(embed: Json): number {
  const len = (v: unknown) => (typeof v === 'string' ? [...v].length : 0);
  let size = len(embed['title']) + len(embed['description']);
  if (Array.isArray(embed['fields'])) {
    for (const field of embed['fields']) if (isRecord(field)) size += len(field['name']) + len(field['value']);
  }
  if (isRecord(embed['footer'])) size += len(embed['footer']['text']);
  if (isRecord(embed['author'])) size += len(embed['author']['name']);
  return size;
}

export function validateEmbeds(errors: FormError[], embeds: unknown, path: Path = ['embeds']): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    errors.push({ path, code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    return;
  }
  if (embeds.length > EMBED_LIMITS.embeds) errors.push({ path, ...MaxLength(EMBED_LIMITS.embeds) });
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = [...path, i];
    if (!isRecord(embed)) {
      errors.push({ path: at, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' });
      return;
    }
    total += embedSize(embed);
    maxLength(errors, [...at, 'title'], embed['title'], EMBED_LIMITS.title);
    maxLength(errors, [...at, 'description'], embed['description'], EMBED_LIMITS.description);
    httpUrl(errors, [...at, 'url'], embed['url']);
    const color = embed['color'];
    if (color !== undefined && color !== null) {
      if (typeof color !== 'number' || !Number.isInteger(color)) {
        errors.push({ path: [...at, 'color'], code: 'NUMBER_TYPE_COERCE', message: `Value "${String(color)}" is not int.` });
      } else if (color < 0 || color > 0xffffff) {
        errors.push({
          path: [...at, 'color'],
          code: color < 0 ? 'NUMBER_TYPE_MIN' : 'NUMBER_TYPE_MAX',
          message: color < 0 ? 'int value should be greater than or equal to 0.' : 'int value should be less than or equal to 16777215.',
        });
      }
    }
    const timestamp = embed['timestamp'];
    if (timestamp !== undefined && timestamp !== null && (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp)))) {
      errors.push({ path: [...at, 'timestamp'], code: 'DATE_TYPE_PARSE', message: `Could not parse ${String(timestamp)}. Should be ISO8601.` });
    }
    if (isRecord(embed['footer'])) {
      maxLength(errors, [...at, 'footer', 'text'], embed['footer']['text'], EMBED_LIMITS.footerText, true);
      httpUrl(errors, [...at, 'footer', 'icon_url'], embed['footer']['icon_url']);
    }
    if (isRecord(embed['author'])) {
      maxLength(errors, [...at, 'author', 'name'], embed['author']['name'], EMBED_LIMITS.authorName, true);
      httpUrl(errors, [...at, 'author', 'url'], embed['author']['url']);
      httpUrl(errors, [...at, 'author', 'icon_url'], embed['author']['icon_url']);
    }
    for (const media of ['image', 'thumbnail'] as const) {
      const value = embed[media];
      if (isRecord(value)) httpUrl(errors, [...at, media, 'url'], value['url']);
    }
    const fields = embed['fields'];
    if (fields !== undefined && fields !== null) {
      if (!Array.isArray(fields)) {
        errors.push({ path: [...at, 'fields'], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
      } else {
        if (fields.length > EMBED_LIMITS.fields) errors.push({ path: [...at, 'fields'], ...MaxLength(EMBED_LIMITS.fields) });
        fields.forEach((field, j) => {
          const fp = [...at, 'fields', j];
          if (!isRecord(field)) {
            errors.push({ path: fp, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' });
            return;
          }
          maxLength(errors, [...fp, 'name'], field['name'], EMBED_LIMITS.fieldName, true);
          maxLength(errors, [...fp, 'value'], field['value'], EMBED_LIMITS.fieldValue, true);
        });
      }
    }
  });
  if (total > EMBED_LIMITS.total) {
    errors.push({ path, code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${EMBED_LIMITS.total}` });
  }
}

const BUTTON = 2;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);
const TEXT_INPUT = 4;

function validateInteractive(errors: FormError[], component: Json, path: Path, customIds: Set<string>): void {
  const type = component['type'];
  if (type === BUTTON) {
    const style = component['style'];
    maxLength(errors, [...path, 'label'], component['label'], 80);
    if (style === 5) {
      if (typeof component['url'] !== 'string') errors.push({ path: [...path, 'url'], ...Required });
      else httpUrl(errors, [...path, 'url'], component['url']);
      if (component['custom_id'] !== undefined) {
        errors.push({ path: [...path, 'custom_id'], code: 'BUTTON_CUSTOM_ID_NOT_ALLOWED', message: 'A custom id cannot be specified for link buttons' });
      }
      return;
    }
    if (style === 6) return; // premium button: sku_id
    if (typeof style !== 'number' || style < 1 || style > 6) {
      errors.push({ path: [...path, 'style'], code: 'BASE_TYPE_CHOICES', message: `Value must be one of {1, 2, 3, 4, 5, 6}.` });
    }
    if (component['label'] === undefined && component['emoji'] === undefined) {
      errors.push({ path: [...path, 'label'], code: 'BUTTON_COMPONENT_INVALID', message: 'A label or emoji is required' });
    }
  } else if (typeof type === 'number' && SELECT_TYPES.has(type)) {
    maxLength(errors, [...path, 'placeholder'], component['placeholder'], 150);
    if (type === 3) {
      const options = component['options'];
      if (!Array.isArray(options) || options.length === 0) errors.push({ path: [...path, 'options'], ...Required });
      else if (options.length > 25) errors.push({ path: [...path, 'options'], ...MaxLength(25) });
      else {
        options.forEach((option, i) => {
          if (!isRecord(option)) return;
          maxLength(errors, [...path, 'options', i, 'label'], option['label'], 100, true);
          maxLength(errors, [...path, 'options', i, 'value'], option['value'], 100, true);
          maxLength(errors, [...path, 'options', i, 'description'], option['description'], 100);
        });
      }
    }
  } else {
    return;
  }
  const customId = component['custom_id'];
  maxLength(errors, [...path, 'custom_id'], customId, 100, true);
  if (typeof customId === 'string') {
    if (customIds.has(customId)) {
      errors.push({ path: [...path, 'custom_id'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
    }
    customIds.add(customId);
  }
}

/** Walks components of any layout (action rows, containers, sections, labels) and checks what it can. */
function walkComponents(errors: FormError[], components: unknown[], path: Path, customIds: Set<string>, legacy: boolean): void {
  components.forEach((component, i) => {
    const at = [...path, i];
    if (!isRecord(component)) {
      errors.push({ path: at, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' });
      return;
    }
    const type = component['type'];
    if (legacy && path.length === 1 && type !== 1) {
      errors.push({ path: [...at, 'type'], code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', message: 'Top-level components must be action rows unless the message has the IS_COMPONENTS_V2 flag' });
      return;
    }
    if (type === 1) {
      const children = component['components'];
      if (!Array.isArray(children) || children.length === 0) {
        errors.push({ path: [...at, 'components'], code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' });
        return;
      }
      const selects = children.filter((c) => isRecord(c) && typeof c['type'] === 'number' && SELECT_TYPES.has(c['type'])).length;
      if (children.length > 5 || (selects > 0 && children.length > 1)) {
        errors.push({ path: [...at, 'components'], code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', message: 'The specified component exceeds the maximum width' });
      }
    }
    validateInteractive(errors, component, at, customIds);
    if (Array.isArray(component['components'])) walkComponents(errors, component['components'], [...at, 'components'], customIds, false);
    if (isRecord(component['accessory'])) walkComponents(errors, [component['accessory']], [...at, 'accessory'], customIds, false);
    if (isRecord(component['component'])) walkComponents(errors, [component['component']], [...at, 'component'], customIds, false);
  });
}

export function validateComponents(errors: FormError[], components: unknown, flags: number): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.push({ path: ['components'], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    return;
  }
  const v2 = (flags & MessageFlag.IsComponentsV2) !== 0;
  if (!v2 && components.length > 5) errors.push({ path: ['components'], ...MaxLength(5) });
  if (v2 && components.length > 40) errors.push({ path: ['components'], ...MaxLength(40) });
  walkComponents(errors, components, ['components'], new Set(), !v2);
}

export interface MessageCheck {
  errors: FormError[];
  /** A new message with nothing to show: Discord answers 50006 "Cannot send an empty message". */
  empty: boolean;
}

export function validateMessageBody(body: Json, mode: 'create' | 'edit', fileCount: number, existingFlags = 0): MessageCheck {
  const errors: FormError[] = [];
  maxLength(errors, ['content'], body['content'], 2000);
  validateEmbeds(errors, body['embeds']);
  const flags = (typeof body['flags'] === 'number' ? body['flags'] : 0) | existingFlags;
  validateComponents(errors, body['components'], flags);
  if (flags & MessageFlag.IsComponentsV2) {
    for (const legacy of ['content', 'embeds', 'poll', 'stickers'] as const) {
      const value = body[legacy];
      if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && value !== '') {
        errors.push({ path: [legacy], code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', message: 'The \'content\', \'embeds\', \'stickers\', and \'poll\' fields cannot be used when flags has IS_COMPONENTS_V2.' });
      }
    }
  }
  const nonce = body['nonce'];
  if (nonce !== undefined && nonce !== null) {
    if (typeof nonce === 'string') {
      if (nonce.length > 25) errors.push({ path: ['nonce'], ...MaxLength(25) });
    } else if (typeof nonce !== 'number' || !Number.isSafeInteger(nonce)) {
      errors.push({ path: ['nonce'], code: 'NONCE_TYPE_INVALID', message: 'Nonce must be an integer or a string' });
    }
  }
  if (Array.isArray(body['attachments'])) {
    if (body['attachments'].length > 10) errors.push({ path: ['attachments'], ...MaxLength(10) });
    body['attachments'].forEach((attachment, i) => {
      if (isRecord(attachment)) maxLength(errors, ['attachments', i, 'description'], attachment['description'], 1024);
    });
  }
  if (fileCount > 10) errors.push({ path: ['files'], ...MaxLength(10) });
  const has = (key: string) => {
    const value = body[key];
    if (value === undefined || value === null) return false;
    if (typeof value === 'string') return value.trim().length > 0;
    if (Array.isArray(value)) return value.length > 0;
    return true;
  };
  const empty = mode === 'create' && fileCount === 0 && !['content', 'embeds', 'components', 'sticker_ids', 'poll'].some(has);
  return { errors, empty };
}

// ---- application commands --------------------------------------------------------------------------------------

// Discord's rule for names: 1-32 of letters, digits, -, _ and ' (and some scripts); chat-input names in lower case.
const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateName(errors: FormError[], path: Path, name: unknown, lower: boolean): void {
  if (typeof name !== 'string' || name.length === 0) {
    errors.push({ path, ...Required });
    return;
  }
  if (lower ? !NAME_RE.test(name) || name !== name.toLowerCase() : name.length > 32) {
    errors.push({ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Command name is invalid` });
  }
}

function commandChars(value: unknown): number {
  if (!isRecord(value)) return 0;
  let size = 0;
  for (const key of ['name', 'description']) {
    const v = value[key];
    if (typeof v === 'string') size += [...v].length;
  }
  if (Array.isArray(value['choices'])) {
    for (const choice of value['choices']) {
      if (isRecord(choice)) size += String(choice['name'] ?? '').length + String(choice['value'] ?? '').length;
    }
  }
  if (Array.isArray(value['options'])) for (const option of value['options']) size += commandChars(option);
  return size;
}

function validateOptions(errors: FormError[], options: unknown, path: Path, depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.push({ path, code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    return;
  }
  if (options.length > 25) errors.push({ path, ...MaxLength(25) });
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((option, i) => {
    const at = [...path, i];
    if (!isRecord(option)) return;
    const type = option['type'];
    validateName(errors, [...at, 'name'], option['name'], true);
    if (typeof option['name'] === 'string') {
      if (names.has(option['name'])) {
        errors.push({ path: [...at, 'name'], code: 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', message: 'Option name already exists' });
      }
      names.add(option['name']);
    }
    maxLength(errors, [...at, 'description'], option['description'], 100, true);
    if (typeof type !== 'number' || type < 1 || type > 11) {
      errors.push({ path: [...at, 'type'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.' });
      return;
    }
    if (type === 1 || type === 2) {
      if (depth >= (type === 2 ? 1 : 2)) {
        errors.push({ path: [...at, 'type'], code: 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', message: 'Sub-command and sub-command group option types are mutually exclusive to all other types' });
      }
      validateOptions(errors, option['options'], [...at, 'options'], depth + 1);
      return;
    }
    if (option['required'] === true && sawOptional) {
      errors.push({ path: [...at, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    }
    if (option['required'] !== true) sawOptional = true;
    const choices = option['choices'];
    if (Array.isArray(choices)) {
      if (choices.length > 25) errors.push({ path: [...at, 'choices'], ...MaxLength(25) });
      if (option['autocomplete'] === true && choices.length > 0) {
        errors.push({ path: [...at, 'autocomplete'], code: 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID', message: 'Autocomplete cannot be set with choices' });
      }
      choices.forEach((choice, j) => {
        if (isRecord(choice)) {
          maxLength(errors, [...at, 'choices', j, 'name'], choice['name'], 100, true);
          if (typeof choice['value'] === 'string') maxLength(errors, [...at, 'choices', j, 'value'], choice['value'], 100);
        }
      });
    }
  });
  const kinds = options.filter(isRecord).map((o) => o['type'] === 1 || o['type'] === 2);
  if (kinds.includes(true) && kinds.includes(false)) {
    errors.push({ path, code: 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', message: 'Sub-command and sub-command group option types are mutually exclusive to all other types' });
  }
}

export function validateCommand(command: unknown, path: Path = []): FormError[] {
  const errors: FormError[] = [];
  if (!isRecord(command)) {
    return [{ path, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' }];
  }
  const type = command['type'] ?? 1;
  if (type !== 1 && type !== 2 && type !== 3 && type !== 4) {
    errors.push({ path: [...path, 'type'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2, 3, 4}.' });
  }
  validateName(errors, [...path, 'name'], command['name'], type === 1);
  if (type === 1) {
    maxLength(errors, [...path, 'description'], command['description'], 100, true);
    validateOptions(errors, command['options'], [...path, 'options'], 0);
    if (commandChars(command) > 4000) {
      errors.push({ path, code: 'APPLICATION_COMMAND_TOO_LARGE', message: 'Command exceeds maximum size (4000)' });
    }
  } else if (typeof command['description'] === 'string' && command['description'] !== '') {
    errors.push({ path: [...path, 'description'], code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID', message: 'Context menu commands cannot have description' });
  }
  return errors;
}

// ---- interaction callbacks -------------------------------------------------------------------------------------

export function validateAutocompleteResult(data: unknown): FormError[] {
  const errors: FormError[] = [];
  const choices = isRecord(data) ? data['choices'] : undefined;
  if (!Array.isArray(choices)) {
    errors.push({ path: ['data', 'choices'], ...Required });
    return errors;
  }
  if (choices.length > 25) errors.push({ path: ['data', 'choices'], ...MaxLength(25) });
  choices.forEach((choice, i) => {
    if (!isRecord(choice)) return;
    maxLength(errors, ['data', 'choices', i, 'name'], choice['name'], 100, true);
    const value = choice['value'];
    if (typeof value === 'string') maxLength(errors, ['data', 'choices', i, 'value'], value, 100);
    else if (typeof value !== 'number') errors.push({ path: ['data', 'choices', i, 'value'], ...Required });
  });
  return errors;
}

export function validateModal(data: unknown): FormError[] {
  const errors: FormError[] = [];
  if (!isRecord(data)) return [{ path: ['data'], ...Required }];
  maxLength(errors, ['data', 'custom_id'], data['custom_id'], 100, true);
  maxLength(errors, ['data', 'title'], data['title'], 45, true);
  const components = data['components'];
  if (!Array.isArray(components) || components.length === 0) {
    errors.push({ path: ['data', 'components'], code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' });
    return errors;
  }
  if (components.length > 5) errors.push({ path: ['data', 'components'], ...MaxLength(5) });
  const ids = new Set<string>();
  for (const input of modalInputs(data)) {
    const customId = input['custom_id'];
    if (typeof customId !== 'string' || customId.length === 0) {
      errors.push({ path: ['data', 'components'], code: 'BASE_TYPE_REQUIRED', message: 'Text inputs need a custom_id' });
      continue;
    }
    if (ids.has(customId)) {
      errors.push({ path: ['data', 'components'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
    }
    ids.add(customId);
  }
  return errors;
}

/** The interactive components of a modal (text inputs, selects), whether in action rows or labels. */
export function modalInputs(modal: Json): Json[] {
  const found: Json[] = [];
  const walk = (value: unknown) => {
    if (!isRecord(value)) return;
    const type = value['type'];
    if (type === TEXT_INPUT || (typeof type === 'number' && (SELECT_TYPES.has(type) || type === 19 || type === 21 || type === 22 || type === 23))) {
      found.push(value);
    }
    if (Array.isArray(value['components'])) value['components'].forEach(walk);
    if (isRecord(value['component'])) walk(value['component']);
  };
  if (Array.isArray(modal['components'])) modal['components'].forEach(walk);
  return found;
}
