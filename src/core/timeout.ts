/** Rejects after `ms` instead of waiting for a Redis that is down. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An answer was not ready by its deadline; the work behind it was abandoned (see `byDeadline`). */
export class DeadlineError extends Error {
  readonly code = "NSP_DEADLINE";
}

/**
 * `promise`'s value if it settles before the time `deadlineAt` (ms since the epoch), else a
 * DeadlineError. The work itself is not cancelled: use it only for reads, or for work that
 * checks the deadline itself before it writes.
 */
export async function byDeadline<T>(promise: Promise<T>, deadlineAt: number, what: string): Promise<T> {
  const ms = deadlineAt - Date.now();
  if (ms <= 0) {
    promise.catch(() => undefined);
    throw new DeadlineError(`${what}: past its deadline`);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
