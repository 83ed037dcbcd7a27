// Reading a view's submitted state. Every input block has one element; we read it by block id
// whatever its action id, so views can change action ids (dispatching or not) freely.
import type { ViewStateValue } from "@slack/bolt";

export type StateValues = Record<string, Record<string, ViewStateValue>>;

function element(values: StateValues, blockId: string): ViewStateValue | undefined {
  const block = values[blockId];
  return block ? Object.values(block)[0] : undefined;
}

export const readState = {
  text(values: StateValues, blockId: string): string {
    return (element(values, blockId)?.value ?? "").trim();
  },
  selected(values: StateValues, blockId: string): string | null {
    return element(values, blockId)?.selected_option?.value ?? null;
  },
  selectedMany(values: StateValues, blockId: string): string[] {
    return (element(values, blockId)?.selected_options ?? []).map((o) => o.value);
  },
  date(values: StateValues, blockId: string): string | null {
    return element(values, blockId)?.selected_date ?? null;
  },
  time(values: StateValues, blockId: string): string | null {
    return element(values, blockId)?.selected_time ?? null;
  },
};
