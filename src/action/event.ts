/**
 * The event payload, read and checked in one place. It is read before anything else of the
 * action is loaded: @actions/github parses GITHUB_EVENT_PATH when it is first imported, and a
 * malformed file would otherwise crash there with a raw stack and no `::error::` line.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

export type EventPayload = Record<string, unknown>;

/** The payload (empty when the runner gives no GITHUB_EVENT_PATH), or an InputError naming the file and the problem. */
export function readEventPayload(env: NodeJS.ProcessEnv): EventPayload {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(
      `GITHUB_EVENT_PATH ${file}: cannot read the event payload (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  if (text.trim() === '')
    throw new InputError(
      `GITHUB_EVENT_PATH ${file} is empty: expected the JSON payload of the ${env.GITHUB_EVENT_NAME || 'triggering'} event`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(
      `GITHUB_EVENT_PATH ${file} is not JSON (${(err as Error).message}): expected the payload of the ${env.GITHUB_EVENT_NAME || 'triggering'} event`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InputError(
      `GITHUB_EVENT_PATH ${file}: expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
    );
  return value as EventPayload;
}
