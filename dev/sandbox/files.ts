// Downloading the files the app uploaded to the fake Slack (files.uploadV2: `/nsp rapport`'s
// report and CSVs). The bytes live in the fake's memory only; nothing is read from or written to
// disk, so a file name can never reach the file system. A download names the file by the id the
// fake gave it (`F…`), and is served only when the fake received a file with that id in a channel
// the chosen demo user can see.

/** A file id as the fake hands them out (randomId("F")): refused before any lookup otherwise. */
export const FILE_ID = /^F[A-Z0-9]{1,40}$/;

const TYPES: Record<string, string> = {
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

/** The last path segment of a name, without control characters ("../../x.csv" → "x.csv"). */
export function baseName(filename: string): string {
  const last = filename.split(/[\\/]/).pop() ?? "";
  const clean = last.replace(/\p{Cc}/gu, "").trim();
  return clean === "" || clean === "." || clean === ".." ? "fil" : clean;
}

/** The Content-Type for a file name by its extension; unknown ones as application/octet-stream. */
export function contentTypeFor(filename: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(baseName(filename))?.[1]?.toLowerCase();
  return (ext !== undefined ? TYPES[ext] : undefined) ?? "application/octet-stream";
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form (å, ä, ö …). */
export function contentDisposition(filename: string): string {
  const name = baseName(filename);
  const ascii = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9._-]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
