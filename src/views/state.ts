// Reading a view's submitted state. Every input block has one element; we read it by block id
// whatever its action id, so views can change action ids (dispatching or not) freely.
import type { ViewStateValue } from "@slack/bolt";
import { z } from "zod";
import { RECORD_ID_MAX } from "../domain/record-id.js";

export type StateValues = Record<string, Record<string, ViewStateValue>>;

function element(values: StateValues, blockId: string): ViewStateValue | undefined {
  const block = values[blockId];
  return block ? Object.values(block)[0] : undefined;
}

// The readers never throw on a value of the wrong type (a forged submission); submit listeners
// reject those first, with an error at the field (checkFields in views/fields.ts).
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const valueOf = (o: unknown): string | null => (typeof o === "object" && o !== null && "value" in o ? str(o.value) : null);

export const readState = {
  text(values: StateValues, blockId: string): string {
    return (str(element(values, blockId)?.value) ?? "").trim();
  },
  selected(values: StateValues, blockId: string): string | null {
    return valueOf(element(values, blockId)?.selected_option);
  },
  selectedMany(values: StateValues, blockId: string): string[] {
    const options: unknown = element(values, blockId)?.selected_options;
    return Array.isArray(options) ? options.flatMap((o) => valueOf(o) ?? []) : [];
  },
  date(values: StateValues, blockId: string): string | null {
    return str(element(values, blockId)?.selected_date);
  },
  time(values: StateValues, blockId: string): string | null {
    return str(element(values, blockId)?.selected_time);
  },
};

/** A record id in private_metadata: a number PostgreSQL's integer id columns can hold. */
export const recordId = z.number().int().min(1).max(RECORD_ID_MAX);

export type MetadataResult<T> = { success: true; data: T } | { success: false };

/** A view's private_metadata parsed with its schema; never throws (forged metadata may not be JSON). */
export function parseMetadata<T>(schema: z.ZodType<T>, raw: string | undefined): MetadataResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw || "null");
  } catch {
    return { success: false };
  }
  const result = schema.safeParse(json);
  return result.success ? { success: true, data: result.data } : { success: false };
}
