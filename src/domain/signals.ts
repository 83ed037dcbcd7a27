// Signals readable without colour or emoji (issue #15, item 5). A screen reader reads an emoji as
// its (English) name and a bar of "▰▱" as nothing useful, so every state a view signals with an
// emoji or a bar is also said in Swedish words right next to it: "83 % använt", "Varning:",
// "Över budget:", "Stopp:". Views and services build those signals only from here;
// tests/views/signals.test.ts renders every view that uses one and checks the words beside it,
// and that no source file writes a signal emoji of its own.

/** An emoji followed by the words that say the same. */
export const SIGNAL = {
  /** Something needs attention: a threshold passed, a request that does not fit, messages stuck. */
  warning: ":warning: *Varning:*",
  /** A budget category is used up. */
  overBudget: ":rotating_light: *Över budget:*",
  /** Something cannot be done as it stands. */
  stop: ":no_entry: *Stopp:*",
} as const;

/**
 * The emoji that signal a state, and the words that must follow each one (after a space).
 * `:no_entry:` also marks a cancelled meeting ("Inställt:"); `:x:` the count of "Kan inte".
 */
export const SIGNAL_WORDS: Readonly<Record<string, readonly string[]>> = {
  ":warning:": ["*Varning:*"],
  ":rotating_light:": ["*Över budget:*"],
  ":no_entry:": ["*Stopp:*", "*Inställt:*"],
  ":x:": ["*Kan inte"],
};

/** What a budget bar shows, in words: "83 % använt", or "ingen tilldelning" when nothing was allocated. */
export function usedText(percent: number | null): string {
  return percent === null ? "ingen tilldelning" : `${percent} % använt`;
}
