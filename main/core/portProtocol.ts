import { z } from 'zod';
import { ApiErrorSchema, type EventFrame, type ResponseFrame } from '../../shared/api';

// What the Electron main process and the core's utility process say to each
// other over their MessagePort. The API itself travels as the WebSocket
// host's frames (shared/api RequestFrame / ResponseFrame / EventFrame), so
// the core answers both transports with the same respond(); around them,
// the few messages a process boundary needs: ready or failed at start, the
// desktop notices, log lines, the safeStorage requests (Electron's
// safeStorage exists only in the main process: remoteSecretStore.ts), and
// an orderly close that checkpoints the journal. Each side parses what it
// receives once, here.

/** A request frame travels as its JSON text, exactly what the WebSocket host receives. */
const RequestMessage = z.object({ type: z.literal('request'), frame: z.string() }).strict();
const SecretAnswer = z
  .object({
    type: z.literal('secret'),
    id: z.number().int().nonnegative(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.union([z.string(), z.boolean(), z.null()]) }),
      z.object({ ok: z.literal(false), message: z.string() }),
    ]),
  })
  .strict();
const CloseMessage = z.object({ type: z.literal('close') }).strict();
export const ToCoreSchema = z.discriminatedUnion('type', [RequestMessage, SecretAnswer, CloseMessage]);
export type ToCore = z.infer<typeof ToCoreSchema>;
export type SecretAnswerMessage = z.infer<typeof SecretAnswer>;

const FrameId = z.number().int().nonnegative().nullable();
const ResponseFrameSchema = z.union([
  z.object({ id: FrameId, ok: z.literal(true), value: z.unknown() }),
  z.object({ id: FrameId, ok: z.literal(false), error: ApiErrorSchema }),
]);
/** Events are passed on opaquely: their shape is the contract's business (shared/api), checked where the renderer reads them. */
const EventFrameSchema = z.object({ event: z.object({ type: z.enum(['state:changed', 'sync:changed']) }).passthrough() });
export const SecretOpSchema = z.enum(['probe', 'get', 'set', 'delete']);
export type SecretOp = z.infer<typeof SecretOpSchema>;

export const FromCoreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int(), me: z.string(), workspaceDir: z.string(), createdDemo: z.boolean() }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({ type: z.literal('response'), frame: ResponseFrameSchema }),
  z.object({ type: z.literal('event'), frame: EventFrameSchema }),
  z.object({ type: z.literal('notices'), notices: z.array(z.object({ title: z.string(), body: z.string() })) }),
  z.object({ type: z.literal('log'), line: z.string() }),
  z.object({ type: z.literal('secret'), id: z.number().int().nonnegative(), op: SecretOpSchema, account: z.string(), value: z.string().optional() }),
  z.object({ type: z.literal('closed') }),
]);
export type FromCore = z.infer<typeof FromCoreSchema>;
export type SecretRequestMessage = Extract<FromCore, { type: 'secret' }>;

/** The response frame as the API types it (the schema above checked its shape). */
export const asResponseFrame = (frame: Extract<FromCore, { type: 'response' }>['frame']): ResponseFrame => frame as ResponseFrame;
/** The event frame, passed on as it came. */
export const asEventFrame = (frame: Extract<FromCore, { type: 'event' }>['frame']): EventFrame => frame as unknown as EventFrame;

/**
 * The one end of a MessagePort each side holds: Electron's MessagePortMain
 * in the main process, `process.parentPort` (and the port it delivers) in
 * the utility process; Node child processes stand in for both in tests.
 */
export interface CorePort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports?: readonly CorePort[] }) => void): unknown;
  start?(): void;
  close?(): void;
}
