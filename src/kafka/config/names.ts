/**
 * Kafka's naming rules for topics (org.apache.kafka.common.internals.Topic), which Kafka also
 * applies to `group.instance.id`.
 */

/** Longest legal topic name: 249, so "<topic>-<partition>" directory names stay below 255. */
export const MAX_TOPIC_NAME_LENGTH = 249;

const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;

function validateName(name: string, label: string): string | null {
  if (name.length === 0) return `${label} is illegal, it can't be empty`;
  if (name === '.' || name === '..') return `${label} cannot be "." or ".."`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `${label} is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters (it has ${name.length})`;
  }
  if (!LEGAL_NAME.test(name)) {
    return `${label} "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

/** null when `name` is a legal topic name, else the reason it is not. */
export function validateTopicName(name: string): string | null {
  return validateName(name, 'Topic name');
}

/** null when `id` is a legal `group.instance.id` (same rules as topic names). */
export function validateGroupInstanceId(id: string): string | null {
  return validateName(id, 'Group instance id');
}

/**
 * A warning, not an error: metric names replace '.' with '_', so "a.b" and "a_b" would share
 * metrics. Kafka's tools print this for any name containing either character, and CreateTopics
 * refuses a name that collides with an existing topic (see `topicNamesCollide`).
 */
export function topicNameCollisionWarning(name: string): string | null {
  if (!name.includes('.') && !name.includes('_')) return null;
  return `Topic name "${name}" contains '.' or '_': in metric names these are the same character, so topics differing only by them collide. Use one or the other, not both.`;
}

/** True when two distinct names become equal once '.' is read as '_' (Kafka's unifyCollisionChars). */
export function topicNamesCollide(a: string, b: string): boolean {
  return a !== b && a.replaceAll('.', '_') === b.replaceAll('.', '_');
}
