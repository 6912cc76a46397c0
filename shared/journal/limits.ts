/** Journal format version carried in every header (`v`). */
export const FORMAT_VERSION = 1;

/**
 * Largest canonical body accepted, in bytes (1 MiB). Bodies are incident
 * data, not attachments; a cap keeps one bad writer from bloating every
 * peer's journal and every sync stream.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Longest line accepted when reading a JSON Lines export: a full body plus its header. */
export const MAX_EXPORT_LINE_BYTES = MAX_BODY_BYTES * 2 + 4096;
