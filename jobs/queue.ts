// Queues and Redis connections. Producers fail fast (a Slack handler must not hang on Redis);
// workers wait for Redis forever (`maxRetriesPerRequest: null`, as BullMQ requires).
import { Queue } from "bullmq";
import { Redis } from "ioredis";

export const DELIVERY_QUEUE = "slack-delivery";

export interface RedisSettings {
  url: string;
  prefix: string;
}

export function producerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
}

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export const DELIVERY_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: true,
  // Failed jobs are removed too: the outbox row stays pending and the sweep queues it again.
  removeOnFail: true,
} as const;

export function createDeliveryQueue(connection: Redis, prefix: string): Queue {
  return new Queue(DELIVERY_QUEUE, { connection, prefix });
}
