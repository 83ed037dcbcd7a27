// What a view_submission listener acks with: field errors next to the inputs, or the modal replaced
// by a notice. The submit listeners check in steps (parse: no lookup; then role and records); each
// step either hands on its result or the answer to ack with.
import type { ViewResponseAction } from "@slack/bolt";
import { noticeModal } from "../../views/blocks.js";

export type Errors = Record<string, string>;

/** A step's outcome: the checked data, or the answer that ends the submission. */
export type Checked<T> = { ok: true; data: T } | { ok: false; answer: ViewResponseAction };

export const errorsAnswer = (errors: Errors): ViewResponseAction => ({ response_action: "errors", errors });

export const noticeAnswer = (title: string, text: string): ViewResponseAction => ({ response_action: "update", view: noticeModal(title, text) });

export const refuse = <T>(answer: ViewResponseAction): Checked<T> => ({ ok: false, answer });

export const hasErrors = (errors: Errors): boolean => Object.keys(errors).length > 0;
