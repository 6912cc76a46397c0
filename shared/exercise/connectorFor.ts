// The sandbox rule. In an exercise workspace every action goes to the sandbox
// connector, whatever connector it names: a drill must never page a real
// on-call, scale a real deployment or post to a real channel. The request
// keeps the connector it names (so approvals and the report read as they
// would in a real incident); only where it is sent changes.
//
// The dispatcher (main/connectors' outbox) must call this for every dispatch
// with `exerciseOf(state) !== null` and send to the connector it returns,
// and connector registries built for an exercise workspace must be created
// with `sandboxAll: true` as a second line of defence.

export const SANDBOX_CONNECTOR = 'sandbox';

/** The connector an action is actually sent to. */
export function connectorFor(exerciseActive: boolean, requested: string): string {
  return exerciseActive ? SANDBOX_CONNECTOR : requested;
}
