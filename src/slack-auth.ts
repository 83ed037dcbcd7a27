// Bolt's `authorize` for a single-workspace bot token. Bolt's own token mode calls auth.test once
// at construction and caches the promise: when Slack is unreachable at that moment the process dies
// on an unhandled rejection, or keeps a failed promise forever. This one calls auth.test on first
// use, caches a success, and tries again on the next request after a failure.
import type { Authorize } from "@slack/bolt";
import { WebClient, type WebClientOptions } from "@slack/web-api";

export function botTokenAuthorize(token: string, clientOptions: WebClientOptions): Authorize<boolean> {
  const client = new WebClient(token, clientOptions);
  let identity: Promise<{ botId: string; botUserId: string }> | null = null;
  return async () => {
    identity ??= client.auth.test().then(
      (res) => ({ botId: res.bot_id ?? "", botUserId: res.user_id ?? "" }),
      (err: unknown) => {
        identity = null; // next request tries again
        throw err;
      },
    );
    return { botToken: token, ...(await identity) };
  };
}
