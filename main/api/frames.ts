import { RequestFrameSchema, type ResponseFrame, type Result } from '../../shared/api';
import { apiError, describeZodError } from './apiHandlers';

export type Dispatch = (method: string, params: unknown) => Result<unknown>;

/** The request id a broken frame carried, if it carried a usable one, so the client can match the error. */
function idOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = (value as { id: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** One text frame in, one response frame out. Never throws. */
export function respondToFrame(text: string, dispatch: Dispatch): ResponseFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { id: null, ...apiError('bad_request', `frame is not JSON: ${(err as Error).message}`) };
  }
  const frame = RequestFrameSchema.safeParse(value);
  if (!frame.success) {
    return { id: idOf(value), ...apiError('bad_request', `frame is not a request {id, method, params}: ${describeZodError('frame', frame.error)}`) };
  }
  return { id: frame.data.id, ...dispatch(frame.data.method, frame.data.params) };
}
