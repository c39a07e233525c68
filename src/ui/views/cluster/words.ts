/** States that arrive as data (a status, a Kafka enum name) said in the current language. */
import { hasKey, t, type Lang } from '../../i18n';

/** The entry at `key`, or `fallback` (the raw name) when there is none. */
export function word(lang: Lang, key: string, fallback: string): string {
  return hasKey(key) ? t(lang, key) : fallback;
}

/** A consumer's member state (AbstractCoordinator's MemberState) in words; callers keep the Kafka name as a tooltip. */
export function memberStateWord(lang: Lang, memberState: string): string {
  return word(lang, `cv.member.${memberState}`, memberState);
}

/** A KRaft voter's Raft role (KafkaRaftClient: unattached, follower, candidate, leader, resigned) or offline. */
export function raftRoleWord(lang: Lang, role: string): string {
  return word(lang, `cv.raft.${role}`, role);
}
