/**
 * Kafka protocol error codes (org.apache.kafka.common.protocol.Errors), -1 to 116.
 *
 * `retriable` follows Kafka's exception hierarchy: true when the error's exception class extends
 * RetriableException (this is also the "Retriable" column of Kafka's protocol guide). It says
 * whether the *same request* may succeed if simply sent again. It is not the whole client reaction:
 * REBALANCE_IN_PROGRESS or UNKNOWN_MEMBER_ID are not retriable, yet the consumer recovers by
 * rejoining; DUPLICATE_SEQUENCE_NUMBER is not retriable but the producer treats it as success
 * (see kafka-reference.md §2.14).
 *
 * Descriptions are ours, one line each.
 */

interface ErrorInfo {
  readonly code: number;
  readonly retriable: boolean;
  readonly description: string;
}

const e = <C extends number>(code: C, retriable: boolean, description: string) =>
  ({ code, retriable, description }) as const;

export const KAFKA_ERRORS = {
  UNKNOWN_SERVER_ERROR: e(
    -1,
    false,
    'The broker hit an unexpected exception; also what an unknown error code decodes to.',
  ),
  NONE: e(0, false, 'No error.'),
  OFFSET_OUT_OF_RANGE: e(
    1,
    false,
    'The fetch offset is below the log start offset or beyond the end of the log.',
  ),
  CORRUPT_MESSAGE: e(
    2,
    true,
    'A record failed its CRC or size check, or a compacted topic got a record without a key.',
  ),
  UNKNOWN_TOPIC_OR_PARTITION: e(
    3,
    true,
    'This broker does not host the requested topic-partition (yet, or any more).',
  ),
  INVALID_FETCH_SIZE: e(4, false, 'The requested fetch size is not valid.'),
  LEADER_NOT_AVAILABLE: e(5, true, 'The partition has no leader right now, typically during an election.'),
  NOT_LEADER_OR_FOLLOWER: e(
    6,
    true,
    'This broker is not the leader (or not a replica) of the partition; refresh metadata.',
  ),
  REQUEST_TIMED_OUT: e(
    7,
    true,
    'The request did not complete in time, e.g. acks=all replicas did not catch up.',
  ),
  BROKER_NOT_AVAILABLE: e(8, false, 'The broker is not available.'),
  REPLICA_NOT_AVAILABLE: e(9, true, 'The replica is not available for this partition.'),
  MESSAGE_TOO_LARGE: e(
    10,
    false,
    'A record batch is larger than the broker or topic accepts (max.message.bytes).',
  ),
  STALE_CONTROLLER_EPOCH: e(11, false, 'The request came from a controller that has since been replaced.'),
  OFFSET_METADATA_TOO_LARGE: e(12, false, 'The metadata string of an offset commit is too long.'),
  NETWORK_EXCEPTION: e(13, true, 'The connection closed before a response arrived.'),
  COORDINATOR_LOAD_IN_PROGRESS: e(
    14,
    true,
    'The coordinator is still loading its state from its internal topic.',
  ),
  COORDINATOR_NOT_AVAILABLE: e(15, true, 'The coordinator is not available, or the group is being removed.'),
  NOT_COORDINATOR: e(
    16,
    true,
    'This broker is not the coordinator for this group or transactional id; find it again.',
  ),
  INVALID_TOPIC_EXCEPTION: e(
    17,
    false,
    'The topic name is invalid, or the operation is not allowed on this topic.',
  ),
  RECORD_LIST_TOO_LARGE: e(18, false, 'The batch is larger than the segment size of the partition.'),
  NOT_ENOUGH_REPLICAS: e(19, true, 'acks=all write refused: the ISR is smaller than min.insync.replicas.'),
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: e(
    20,
    true,
    'The write is in the leader log but the ISR shrank below min.insync.replicas before it was acknowledged.',
  ),
  INVALID_REQUIRED_ACKS: e(21, false, 'The produce request asked for an acks value other than -1, 0 or 1.'),
  ILLEGAL_GENERATION: e(22, false, 'The member used a group generation that is no longer current.'),
  INCONSISTENT_GROUP_PROTOCOL: e(
    23,
    false,
    'The member shares no protocol or assignor with the group, or sent none.',
  ),
  INVALID_GROUP_ID: e(24, false, 'The group id is empty or otherwise invalid.'),
  UNKNOWN_MEMBER_ID: e(25, false, 'The coordinator does not know this member id.'),
  INVALID_SESSION_TIMEOUT: e(
    26,
    false,
    'The session timeout is outside group.min.session.timeout.ms .. group.max.session.timeout.ms.',
  ),
  REBALANCE_IN_PROGRESS: e(27, false, 'The group is rebalancing; the member must rejoin.'),
  INVALID_COMMIT_OFFSET_SIZE: e(28, false, 'The offset commit request is too large.'),
  TOPIC_AUTHORIZATION_FAILED: e(29, false, 'The client is not authorized for this topic.'),
  GROUP_AUTHORIZATION_FAILED: e(30, false, 'The client is not authorized for this group.'),
  CLUSTER_AUTHORIZATION_FAILED: e(31, false, 'The client is not authorized for this cluster operation.'),
  INVALID_TIMESTAMP: e(32, false, 'A record timestamp is outside the range the topic accepts.'),
  UNSUPPORTED_SASL_MECHANISM: e(33, false, 'The broker does not offer the requested SASL mechanism.'),
  ILLEGAL_SASL_STATE: e(34, false, 'The request is not valid at this point of the SASL exchange.'),
  UNSUPPORTED_VERSION: e(35, false, 'The broker does not support this version of the API.'),
  TOPIC_ALREADY_EXISTS: e(36, false, 'A topic with this name already exists.'),
  INVALID_PARTITIONS: e(37, false, 'The partition count is invalid (below 1, or not an increase).'),
  INVALID_REPLICATION_FACTOR: e(
    38,
    false,
    'The replication factor is below 1 or larger than the number of available brokers.',
  ),
  INVALID_REPLICA_ASSIGNMENT: e(39, false, 'The explicit replica assignment is invalid.'),
  INVALID_CONFIG: e(40, false, 'A configuration value is invalid.'),
  NOT_CONTROLLER: e(41, true, 'This broker is not the active controller.'),
  INVALID_REQUEST: e(42, false, 'The request is malformed or not valid for this broker.'),
  UNSUPPORTED_FOR_MESSAGE_FORMAT: e(
    43,
    false,
    'The message format of the topic does not support this request.',
  ),
  POLICY_VIOLATION: e(44, false, 'The request breaks a configured create-topic or alter-config policy.'),
  OUT_OF_ORDER_SEQUENCE_NUMBER: e(
    45,
    false,
    'An idempotent producer skipped a sequence number: a batch went missing.',
  ),
  DUPLICATE_SEQUENCE_NUMBER: e(46, false, 'The broker already has this batch from this idempotent producer.'),
  INVALID_PRODUCER_EPOCH: e(47, false, 'The producer epoch is older than the one the broker knows.'),
  INVALID_TXN_STATE: e(
    48,
    false,
    'The transactional operation is not valid in the current transaction state.',
  ),
  INVALID_PRODUCER_ID_MAPPING: e(
    49,
    false,
    'The producer id is not the one assigned to this transactional id.',
  ),
  INVALID_TRANSACTION_TIMEOUT: e(
    50,
    false,
    'transaction.timeout.ms is larger than the broker allows (transaction.max.timeout.ms).',
  ),
  CONCURRENT_TRANSACTIONS: e(51, true, 'Another operation on the same transaction is still in progress.'),
  TRANSACTION_COORDINATOR_FENCED: e(
    52,
    false,
    'A WriteTxnMarkers request came from a transaction coordinator that has been replaced.',
  ),
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: e(
    53,
    false,
    'The client is not authorized for this transactional id.',
  ),
  SECURITY_DISABLED: e(54, false, 'Security features are disabled on this broker.'),
  OPERATION_NOT_ATTEMPTED: e(
    55,
    false,
    'The broker skipped this operation because another one in the same batch failed.',
  ),
  KAFKA_STORAGE_ERROR: e(56, true, 'A disk error on the broker while accessing the log.'),
  LOG_DIR_NOT_FOUND: e(57, false, 'The requested log directory is not configured on the broker.'),
  SASL_AUTHENTICATION_FAILED: e(58, false, 'SASL authentication failed.'),
  UNKNOWN_PRODUCER_ID: e(
    59,
    false,
    'The broker has no state for this producer id, e.g. its records were all removed by retention.',
  ),
  REASSIGNMENT_IN_PROGRESS: e(60, false, 'A partition reassignment is already in progress.'),
  DELEGATION_TOKEN_AUTH_DISABLED: e(61, false, 'Delegation tokens are not enabled.'),
  DELEGATION_TOKEN_NOT_FOUND: e(62, false, 'The delegation token does not exist.'),
  DELEGATION_TOKEN_OWNER_MISMATCH: e(63, false, 'The principal is not the owner or renewer of the token.'),
  DELEGATION_TOKEN_REQUEST_NOT_ALLOWED: e(
    64,
    false,
    'Delegation token requests are not allowed on this kind of connection.',
  ),
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: e(
    65,
    false,
    'The client is not authorized for this delegation token.',
  ),
  DELEGATION_TOKEN_EXPIRED: e(66, false, 'The delegation token has expired.'),
  INVALID_PRINCIPAL_TYPE: e(67, false, 'The principal type is not supported.'),
  NON_EMPTY_GROUP: e(68, false, 'The group still has members.'),
  GROUP_ID_NOT_FOUND: e(69, false, 'The group does not exist.'),
  FETCH_SESSION_ID_NOT_FOUND: e(70, true, 'The incremental fetch session is unknown to the broker.'),
  INVALID_FETCH_SESSION_EPOCH: e(71, true, 'The fetch session epoch is not the one the broker expects.'),
  LISTENER_NOT_FOUND: e(
    72,
    true,
    'The leader has no endpoint for the listener the metadata request came in on.',
  ),
  TOPIC_DELETION_DISABLED: e(73, false, 'Topic deletion is disabled on this cluster.'),
  FENCED_LEADER_EPOCH: e(74, true, "The leader epoch in the request is older than the broker's."),
  UNKNOWN_LEADER_EPOCH: e(75, true, "The leader epoch in the request is newer than the broker's."),
  UNSUPPORTED_COMPRESSION_TYPE: e(
    76,
    false,
    'The client cannot read the compression codec used by this partition.',
  ),
  STALE_BROKER_EPOCH: e(77, false, 'The broker epoch in the request is no longer current.'),
  OFFSET_NOT_AVAILABLE: e(
    78,
    true,
    "A new leader's high watermark has not caught up yet, so offsets cannot be served.",
  ),
  MEMBER_ID_REQUIRED: e(
    79,
    false,
    'First JoinGroup of a dynamic member: retry with the member id in this response.',
  ),
  PREFERRED_LEADER_NOT_AVAILABLE: e(80, true, 'The preferred replica cannot become leader now.'),
  GROUP_MAX_SIZE_REACHED: e(81, false, 'The group already has group.max.size members.'),
  FENCED_INSTANCE_ID: e(82, false, 'Another member now owns this group.instance.id; this one is fenced.'),
  ELIGIBLE_LEADERS_NOT_AVAILABLE: e(83, true, 'No eligible replica can become leader for the partition.'),
  ELECTION_NOT_NEEDED: e(84, true, 'The partition already has the leader the election would choose.'),
  NO_REASSIGNMENT_IN_PROGRESS: e(85, false, 'There is no partition reassignment to cancel.'),
  GROUP_SUBSCRIBED_TO_TOPIC: e(
    86,
    false,
    "Cannot delete a group's offsets for a topic it is still subscribed to.",
  ),
  INVALID_RECORD: e(87, false, 'The broker rejected a record during validation.'),
  UNSTABLE_OFFSET_COMMIT: e(
    88,
    true,
    'Pending transactional offset commits must complete before offsets can be fetched.',
  ),
  THROTTLING_QUOTA_EXCEEDED: e(89, true, "The request exceeds the client's throttling quota."),
  PRODUCER_FENCED: e(90, false, 'A newer producer with the same transactional.id has fenced this one.'),
  RESOURCE_NOT_FOUND: e(91, false, 'The request refers to a resource that does not exist.'),
  DUPLICATE_RESOURCE: e(92, false, 'The request names the same resource twice.'),
  UNACCEPTABLE_CREDENTIAL: e(93, false, 'The credential does not meet the acceptance criteria.'),
  INCONSISTENT_VOTER_SET: e(
    94,
    false,
    'Sender or receiver of a Raft voter request is not an expected voter.',
  ),
  INVALID_UPDATE_VERSION: e(95, false, 'The update version is invalid.'),
  FEATURE_UPDATE_FAILED: e(96, false, 'Finalized features could not be updated.'),
  PRINCIPAL_DESERIALIZATION_FAILURE: e(
    97,
    false,
    'A forwarded request carried a principal the controller could not decode.',
  ),
  SNAPSHOT_NOT_FOUND: e(98, false, 'The requested metadata snapshot does not exist.'),
  POSITION_OUT_OF_RANGE: e(99, false, 'The requested position is outside the snapshot.'),
  UNKNOWN_TOPIC_ID: e(100, true, 'This broker does not host a topic with this id.'),
  DUPLICATE_BROKER_REGISTRATION: e(101, false, 'Another live broker already registered with this id.'),
  BROKER_ID_NOT_REGISTERED: e(102, false, 'The broker id has not registered with the controller.'),
  INCONSISTENT_TOPIC_ID: e(103, true, 'The topic id in the request does not match the one in the log.'),
  INCONSISTENT_CLUSTER_ID: e(104, false, 'The cluster id in the request does not match this cluster.'),
  TRANSACTIONAL_ID_NOT_FOUND: e(105, false, 'The transactional id does not exist.'),
  FETCH_SESSION_TOPIC_ID_ERROR: e(106, true, 'The fetch session mixed topic ids inconsistently.'),
  INELIGIBLE_REPLICA: e(107, false, 'The proposed ISR contains a replica that may not join it.'),
  NEW_LEADER_ELECTED: e(108, false, 'The ISR change was applied, but leadership has since moved.'),
  OFFSET_MOVED_TO_TIERED_STORAGE: e(109, false, 'The requested offset is only in tiered storage now.'),
  FENCED_MEMBER_EPOCH: e(
    110,
    false,
    'KIP-848: the member epoch is fenced; give up partitions and rejoin with epoch 0.',
  ),
  UNRELEASED_INSTANCE_ID: e(
    111,
    false,
    'KIP-848: another member still holds this group.instance.id and must leave first.',
  ),
  UNSUPPORTED_ASSIGNOR: e(112, false, 'KIP-848: the group does not support the requested assignor.'),
  STALE_MEMBER_EPOCH: e(
    113,
    false,
    'KIP-848: the member epoch is stale; retry after the next heartbeat response.',
  ),
  MISMATCHED_ENDPOINT_TYPE: e(
    114,
    false,
    'The request reached an endpoint of the wrong type (broker vs controller).',
  ),
  UNSUPPORTED_ENDPOINT_TYPE: e(115, false, 'This endpoint type is not supported yet.'),
  UNKNOWN_CONTROLLER_ID: e(116, false, 'The controller id is not known.'),
} as const satisfies Record<string, ErrorInfo>;

export type KafkaErrorName = keyof typeof KAFKA_ERRORS;
export type KafkaErrorCode = (typeof KAFKA_ERRORS)[KafkaErrorName]['code'];

/** Name → numeric code, e.g. `ErrorCode.NOT_LEADER_OR_FOLLOWER === 6`. */
export const ErrorCode = Object.fromEntries(
  Object.entries(KAFKA_ERRORS).map(([name, info]) => [name, info.code]),
) as {
  readonly [K in KafkaErrorName]: (typeof KAFKA_ERRORS)[K]['code'];
};

const NAME_BY_CODE: ReadonlyMap<number, KafkaErrorName> = new Map(
  (Object.keys(KAFKA_ERRORS) as KafkaErrorName[]).map((name) => [KAFKA_ERRORS[name].code, name]),
);

export function errorCode(name: KafkaErrorName): KafkaErrorCode {
  return KAFKA_ERRORS[name].code;
}

/** Decode a wire code. Unknown codes become UNKNOWN_SERVER_ERROR, as Kafka's `Errors.forCode` does. */
export function errorName(code: number): KafkaErrorName {
  return NAME_BY_CODE.get(code) ?? 'UNKNOWN_SERVER_ERROR';
}

/** True when the error's Java exception is a RetriableException: the same request may succeed later. */
export function isRetriable(name: KafkaErrorName): boolean {
  return KAFKA_ERRORS[name].retriable;
}

export function errorDescription(name: KafkaErrorName): string {
  return KAFKA_ERRORS[name].description;
}
