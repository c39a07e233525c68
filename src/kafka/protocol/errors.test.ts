import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  KAFKA_ERRORS,
  errorCode,
  errorDescription,
  errorName,
  isRetriable,
  type KafkaErrorName,
} from './errors';

describe('Kafka error codes', () => {
  it('match the codes of Errors.java for the errors the simulator uses', () => {
    const expected: Record<string, number> = {
      UNKNOWN_SERVER_ERROR: -1,
      NONE: 0,
      OFFSET_OUT_OF_RANGE: 1,
      CORRUPT_MESSAGE: 2,
      UNKNOWN_TOPIC_OR_PARTITION: 3,
      LEADER_NOT_AVAILABLE: 5,
      NOT_LEADER_OR_FOLLOWER: 6,
      REQUEST_TIMED_OUT: 7,
      REPLICA_NOT_AVAILABLE: 9,
      MESSAGE_TOO_LARGE: 10,
      STALE_CONTROLLER_EPOCH: 11,
      NETWORK_EXCEPTION: 13,
      COORDINATOR_LOAD_IN_PROGRESS: 14,
      COORDINATOR_NOT_AVAILABLE: 15,
      NOT_COORDINATOR: 16,
      INVALID_TOPIC_EXCEPTION: 17,
      RECORD_LIST_TOO_LARGE: 18,
      NOT_ENOUGH_REPLICAS: 19,
      NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
      INVALID_REQUIRED_ACKS: 21,
      ILLEGAL_GENERATION: 22,
      INCONSISTENT_GROUP_PROTOCOL: 23,
      UNKNOWN_MEMBER_ID: 25,
      INVALID_SESSION_TIMEOUT: 26,
      REBALANCE_IN_PROGRESS: 27,
      INVALID_COMMIT_OFFSET_SIZE: 28,
      TOPIC_AUTHORIZATION_FAILED: 29,
      TOPIC_ALREADY_EXISTS: 36,
      INVALID_PARTITIONS: 37,
      INVALID_REPLICATION_FACTOR: 38,
      INVALID_CONFIG: 40,
      OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
      DUPLICATE_SEQUENCE_NUMBER: 46,
      INVALID_PRODUCER_EPOCH: 47,
      UNKNOWN_PRODUCER_ID: 59,
      GROUP_ID_NOT_FOUND: 69,
      FENCED_LEADER_EPOCH: 74,
      UNKNOWN_LEADER_EPOCH: 75,
      OFFSET_NOT_AVAILABLE: 78,
      MEMBER_ID_REQUIRED: 79,
      GROUP_MAX_SIZE_REACHED: 81,
      FENCED_INSTANCE_ID: 82,
      ELECTION_NOT_NEEDED: 84,
      PRODUCER_FENCED: 90,
      FENCED_MEMBER_EPOCH: 110,
      UNRELEASED_INSTANCE_ID: 111,
      STALE_MEMBER_EPOCH: 113,
    };
    for (const [name, code] of Object.entries(expected)) {
      expect(ErrorCode[name as KafkaErrorName], name).toBe(code);
    }
  });

  it('covers every code from -1 to 116 exactly once', () => {
    const codes = Object.values(KAFKA_ERRORS).map((info) => info.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort((a, b) => a - b)).toEqual(Array.from({ length: 118 }, (_, i) => i - 1));
  });

  it('decodes wire codes, and unknown codes as UNKNOWN_SERVER_ERROR like Errors.forCode', () => {
    expect(errorName(6)).toBe('NOT_LEADER_OR_FOLLOWER');
    expect(errorName(0)).toBe('NONE');
    expect(errorName(9999)).toBe('UNKNOWN_SERVER_ERROR');
    for (const name of Object.keys(KAFKA_ERRORS) as KafkaErrorName[]) {
      expect(errorName(errorCode(name))).toBe(name);
    }
  });

  it('classifies retriable errors by the RetriableException hierarchy', () => {
    const retriable: KafkaErrorName[] = [
      'CORRUPT_MESSAGE',
      'UNKNOWN_TOPIC_OR_PARTITION',
      'LEADER_NOT_AVAILABLE',
      'NOT_LEADER_OR_FOLLOWER',
      'REQUEST_TIMED_OUT',
      'NETWORK_EXCEPTION',
      'COORDINATOR_LOAD_IN_PROGRESS',
      'COORDINATOR_NOT_AVAILABLE',
      'NOT_COORDINATOR',
      'NOT_ENOUGH_REPLICAS',
      'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
      'FENCED_LEADER_EPOCH',
      'UNKNOWN_LEADER_EPOCH',
      'OFFSET_NOT_AVAILABLE',
      'ELECTION_NOT_NEEDED',
    ];
    const notRetriable: KafkaErrorName[] = [
      'NONE',
      'UNKNOWN_SERVER_ERROR',
      'OFFSET_OUT_OF_RANGE',
      'MESSAGE_TOO_LARGE',
      'INVALID_REQUIRED_ACKS',
      'ILLEGAL_GENERATION',
      'UNKNOWN_MEMBER_ID',
      'INVALID_SESSION_TIMEOUT',
      // Recovered by rejoining, not by resending the same request.
      'REBALANCE_IN_PROGRESS',
      'MEMBER_ID_REQUIRED',
      'OUT_OF_ORDER_SEQUENCE_NUMBER',
      'DUPLICATE_SEQUENCE_NUMBER',
      'UNKNOWN_PRODUCER_ID',
      'FENCED_INSTANCE_ID',
      'PRODUCER_FENCED',
      'TOPIC_ALREADY_EXISTS',
    ];
    for (const name of retriable) expect(isRetriable(name), name).toBe(true);
    for (const name of notRetriable) expect(isRetriable(name), name).toBe(false);
  });

  it('has a one-line description for every error', () => {
    for (const name of Object.keys(KAFKA_ERRORS) as KafkaErrorName[]) {
      const text = errorDescription(name);
      expect(text.length, name).toBeGreaterThan(5);
      expect(text, name).not.toContain('\n');
    }
  });
});
