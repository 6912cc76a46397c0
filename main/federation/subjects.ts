// Names in NATS for one workspace. Workspace ids are 32 hex digits and
// author keys base64url, so both are valid subject tokens and stream names
// as they are (no '.', '*', '>' or spaces).

/** The JetStream stream that holds a workspace's entries. */
export const streamName = (workspace: string): string => `CP_${workspace}`;

/** Every entry of a workspace. */
export const workspaceSubjects = (workspace: string): string => `cp.${workspace}.entries.>`;

/** One author's entries: the stream's last message on it is the author's highest seq published. */
export const authorSubject = (workspace: string, author: string): string => `cp.${workspace}.entries.${author}`;

/** A relay's durable consumer: one per device, so a restarted relay resumes where it stopped. */
export const consumerName = (device: string): string => `room_${device.replace(/[^A-Za-z0-9_-]/g, '_')}`;
