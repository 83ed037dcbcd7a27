// Small typed helpers over Block Kit JSON. Views are plain data; these keep them short and
// escape what users typed.
import type { KnownBlock, PlainTextElement, PlainTextOption, View } from "@slack/types";

export type Block = KnownBlock;
export type ModalView = View & { type: "modal" };

export const plain = (text: string): PlainTextElement => ({ type: "plain_text", text: clip(text, 3000), emoji: true });

/** Escapes &, <, > so user-typed text cannot form mentions or links in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const header = (text: string): Block => ({ type: "header", text: plain(clip(text, 150)) });
export const markdown = (text: string, blockId?: string): Block => ({
  type: "section",
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: "mrkdwn", text: clip(text, 3000) },
});
export const plainSection = (text: string): Block => ({ type: "section", text: plain(text || " ") });
export const context = (text: string, blockId?: string): Block => ({
  type: "context",
  ...(blockId ? { block_id: blockId } : {}),
  elements: [{ type: "mrkdwn", text: clip(text, 3000) }],
});
export const divider = (): Block => ({ type: "divider" });
export const fields = (items: [string, string][]): Block => ({
  type: "section",
  fields: items.slice(0, 10).map(([label, value]) => ({ type: "mrkdwn", text: clip(`*${label}*\n${value}`, 2000) })),
});

export const option = (value: string, text: string): PlainTextOption => ({ text: plain(clip(text, 75)), value });

export function modal(opts: {
  callbackId?: string;
  title: string;
  submit?: string;
  close?: string;
  blocks: Block[];
  privateMetadata?: string;
  externalId?: string;
}): ModalView {
  return {
    type: "modal",
    ...(opts.callbackId ? { callback_id: opts.callbackId } : {}),
    title: plain(clip(opts.title, 24)),
    ...(opts.submit ? { submit: plain(clip(opts.submit, 24)) } : {}),
    close: plain(clip(opts.close ?? "Stäng", 24)),
    blocks: opts.blocks,
    ...(opts.privateMetadata ? { private_metadata: opts.privateMetadata } : {}),
    ...(opts.externalId ? { external_id: opts.externalId } : {}),
  };
}

export function noticeModal(title: string, text: string): ModalView {
  return modal({ title, blocks: [markdown(text)] });
}
