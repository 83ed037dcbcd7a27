// A default stylesheet for the renderer's classes (sk-*), Slack-like and dependency free. The page
// may use it as is (<style>${SANDBOX_CSS}</style>) or replace it; the renderer emits no inline styles.
export const SANDBOX_CSS = `
.sk-blocks { display: flex; flex-direction: column; gap: 8px; font: 15px/1.45 -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1c1d; }
.sk-block { min-width: 0; }
.sk-section { display: flex; gap: 12px; align-items: flex-start; }
.sk-section__main { flex: 1; min-width: 0; }
.sk-section__fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 4px; }
.sk-header__text { font-size: 18px; font-weight: 900; margin: 4px 0; }
.sk-context { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 13px; color: #616061; }
.sk-divider { border: 0; border-top: 1px solid #dddddd; margin: 4px 0; width: 100%; }
.sk-actions { display: flex; flex-wrap: wrap; gap: 8px; }
.sk-button { font: inherit; font-weight: 700; padding: 4px 12px; border-radius: 4px; border: 1px solid #c4c4c4; background: #fff; color: #1d1c1d; cursor: pointer; }
.sk-button--primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.sk-button--danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.sk-button:disabled { opacity: .5; cursor: default; }
.sk-input { font: inherit; padding: 6px 8px; border: 1px solid #bbbabb; border-radius: 4px; width: 100%; box-sizing: border-box; }
.sk-select, .sk-overflow { font: inherit; padding: 4px 6px; border: 1px solid #bbbabb; border-radius: 4px; background: #fff; }
.sk-input__label { font-weight: 700; margin-bottom: 4px; }
.sk-input__optional { font-weight: 400; color: #616061; }
.sk-input__hint { font-size: 13px; color: #616061; margin-top: 4px; }
.sk-input__error { font-size: 13px; color: #e01e5a; margin-top: 4px; }
.sk-input--error .sk-input, .sk-input--error .sk-select, .sk-input--error fieldset { border-color: #e01e5a; }
.sk-checkboxes, .sk-radio-buttons { border: 0; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 4px; }
.sk-option { display: flex; gap: 6px; align-items: baseline; }
.sk-option__description { display: block; font-size: 13px; color: #616061; }
.sk-image, .sk-image-block__box { display: inline-block; padding: 6px 10px; border: 1px dashed #bbbabb; border-radius: 4px; color: #616061; background: #f8f8f8; font-size: 13px; }
.sk-image-block { margin: 0; }
.sk-unknown { display: inline-block; padding: 2px 6px; border: 1px dashed #e01e5a; color: #e01e5a; font-family: monospace; }
.sk-pre { background: #f8f8f8; border: 1px solid #e2e2e2; border-radius: 4px; padding: 8px; white-space: pre-wrap; font: 12px/1.5 Menlo, Consolas, monospace; margin: 4px 0; }
.sk-code { background: #f8f8f8; border: 1px solid #e2e2e2; border-radius: 3px; padding: 0 3px; color: #e01e5a; font: 12px Menlo, Consolas, monospace; }
.sk-quote { border-left: 4px solid #dddddd; margin: 4px 0; padding-left: 10px; }
.sk-list { margin: 4px 0; padding-left: 24px; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
.unsafe-link { text-decoration: line-through dotted; }
.sk-modal { width: 520px; max-width: 100%; background: #fff; border-radius: 8px; box-shadow: 0 18px 48px rgba(0,0,0,.35); }
.sk-modal__header { display: flex; justify-content: space-between; align-items: center; padding: 16px 20px; border-bottom: 1px solid #dddddd; }
.sk-modal__title { font-size: 20px; margin: 0; }
.sk-modal__x { border: 0; background: none; font-size: 22px; cursor: pointer; }
.sk-modal__body { padding: 16px 20px; max-height: 70vh; overflow: auto; }
.sk-modal__footer { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 20px; border-top: 1px solid #dddddd; }
.sk-message { padding: 8px 20px; }
.sk-message:hover { background: #f8f8f8; }
.sk-message__author { font-weight: 900; }
.sk-message__app { font-size: 10px; background: #e8e8e8; border-radius: 2px; padding: 1px 3px; color: #616061; }
.sk-message__time { font-size: 12px; color: #616061; }
.sk-message__replies { border: 0; background: none; color: #1264a3; font-weight: 700; cursor: pointer; padding: 4px 0; }
.sk-files { list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.sk-file { border: 1px solid #dddddd; border-radius: 6px; padding: 6px 10px; background: #f8f8f8; }
.sk-file a { color: #1264a3; font-weight: 700; }
.sk-file__size { color: #616061; font-size: 13px; }
`;
