/**
 * Kafka's client- and controller-side algorithms, as pure functions: key hashing and
 * partitioning, the group coordinator's partition, replica placement and consumer partition
 * assignment. Import from here; the files under `algorithms/` are implementation detail.
 */
export { murmur2, toPositive, partitionForKey, utf8 } from './algorithms/murmur2';
export { javaStringHashCode, kafkaAbs, offsetsTopicPartition } from './algorithms/offsets-partition';
export {
  assignReplicasToBrokers,
  rackAlternatedBrokerList,
  stripedPlacement,
  type AssignReplicasInput,
  type PlacementBroker,
  type RandomInt,
  type StripedBroker,
  type StripedPlacementInput,
} from './algorithms/placement';
export {
  assignPartitions,
  compareMembersForAssignment,
  parseTopicPartition,
  topicPartitionName,
  type AssignmentResult,
  type AssignorInput,
  type AssignorMember,
  type AssignorStrategy,
} from './algorithms/assignors';
