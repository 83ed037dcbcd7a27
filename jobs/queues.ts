// Redis connections and the queues, each built once per process. Producers fail fast (a Slack
// handler must not hang on Redis); workers wait for Redis forever (`maxRetriesPerRequest: null`,
// as BullMQ requires).
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "../src/core/logger.js";
import { JOB_QUEUES } from "./registry.js";

export function producerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
}

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export function createQueue(connection: Redis, prefix: string, name: string): Queue {
  return new Queue(name, { connection, prefix });
}

export interface Queues {
  /** The queue of that name (one of JOB_QUEUES). */
  of(name: string): Queue;
  close(): Promise<void>;
}

/** One Queue per queue name of the registry, on the producer connection. */
export function createQueues(connection: Redis, prefix: string, log: Logger): Queues {
  const queues = new Map<string, Queue>();
  for (const name of JOB_QUEUES) {
    const queue = createQueue(connection, prefix, name);
    queue.on("error", (err) => log.warn({ queue: name, error: err.message }, "queue error"));
    queues.set(name, queue);
  }
  return {
    of(name) {
      const queue = queues.get(name);
      if (!queue) throw new Error(`no queue ${name} (jobs/registry.ts)`);
      return queue;
    },
    async close() {
      for (const queue of queues.values()) await queue.close();
    },
  };
}
