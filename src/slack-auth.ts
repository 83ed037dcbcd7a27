// Bolt's `authorize` for a single-workspace bot token. Bolt's own token mode calls auth.test once
// at construction and caches the promise: when Slack is unreachable at that moment the process dies
// on an unhandled rejection, or keeps a failed promise forever. This one calls auth.test on first
// use and caches a success. When auth.test fails, the request is still served with the token alone
// (a user's submission or click must not be lost because Slack's auth.test hiccupped): the bot's
// own ids are only needed to ignore the app's own message events, and this app listens to no
// message events. The next request tries auth.test again.
import type { Authorize } from "@slack/bolt";
import { WebClient, type WebClientOptions } from "@slack/web-api";

export function botTokenAuthorize(
  token: string,
  clientOptions: WebClientOptions,
  onError: (err: unknown) => void = () => undefined,
): Authorize<boolean> {
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
    try {
      return { botToken: token, ...(await identity) };
    } catch (err) {
      onError(err);
      return { botToken: token };
    }
  };
}
