// Benchmark helper process: the fake Slack Web API on its own, printing its URL as one JSON line.
import { FakeSlack } from "../fake-slack/server.js";

const fake = await FakeSlack.start({ triggerTtlMs: null, acceptUnknownTriggersAs: process.env.BENCH_USER ?? "U0BENCHAPPL" });
process.stdout.write(`${JSON.stringify({ apiUrl: fake.apiUrl, baseUrl: fake.baseUrl })}\n`);
// The recorded calls would grow without bound during a benchmark.
setInterval(() => fake.reset(), 2000).unref();
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
