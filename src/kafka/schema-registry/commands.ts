/**
 * The timeline's schema commands:
 *  - registerSchema: POST /subjects/{subject}/versions. Accepted (a new version, or the id of
 *    an identical one) → `SchemaRegistered`; refused (409 incompatible, 422 invalid) →
 *    `SchemaRejected` with the registry's message. Either way the attempt is kept in the
 *    registry's state: a refusal is the registry's answer, not a bad command.
 *  - setCompatibility: PUT /config or PUT /config/{subject}.
 *  - setProducerSchema: the producer application is redeployed with another schema (a registry
 *    version, or an inline schema its serializer registers); records from now on use it.
 */
import type { KafkaWorld } from '../world';
import type { ValueFields, ValueSchemaRef } from '../../scenario/schema';
import type { ProducerState } from '../client/producer-types';
import type { CompatibilityLevel } from './compatibility';
import { emitRegistration, producerSerializer } from './clients';
import { registerSchemaJson, setCompatibility } from './registry';

export function registerSchemaCommand(world: KafkaWorld, subject: string, schema: unknown): void {
  const r = registerSchemaJson(world.state.model.schemaRegistry, subject, schema, world.nowMs, 'registerSchema');
  emitRegistration(world, subject, 'registerSchema', r);
}

export function setCompatibilityCommand(world: KafkaWorld, subject: string | null, level: CompatibilityLevel): void {
  setCompatibility(world.state.model.schemaRegistry, subject, level);
  world.emit('CompatibilityChanged', { subject, compatibility: level });
}

/** Null when done, or why the command is refused (the producer keeps its serializer). */
export function setProducerSchema(world: KafkaWorld, p: ProducerState, ref: ValueSchemaRef, fields: ValueFields | undefined): string | null {
  const current = p.valueSerializer;
  if (current === null) return `producer "${p.id}" sends text (valueSerializer "string"): a schema needs "json" or "avro"`;
  const templates = fields ?? p.spec.valueFields;
  const r = producerSerializer(world.state.model.schemaRegistry, p.id, p.topic, current.format, ref, templates, world.nowMs);
  if (!r.ok) return r.message;
  if (r.serializer === null) return 'no serializer';
  if (r.registered !== null) emitRegistration(world, r.serializer.subject ?? '', p.clientId, r.registered);
  r.serializer.serialized = current.serialized;
  r.serializer.failed = current.failed;
  p.valueSerializer = r.serializer;
  world.emit('ProducerSchemaChanged', {
    producer: p.id,
    subject: r.serializer.subject,
    version: r.serializer.version,
    schemaId: r.serializer.schemaId,
    fields: r.serializer.schema?.fields.map((f) => f.name) ?? [],
    failing: r.serializer.error,
  });
  return null;
}
