import type { JsonValue } from '../../shared/canonical';
import type { ActionCheck } from '../../shared/playbook';
import { ConnectorParamsError, createConnectors } from '../connectors';

// An action step's parameters checked against the connector's own schema
// when a playbook is published or a run starts, so a parameter the connector
// would refuse is named up front instead of failing the step mid-incident.
// Connectors that need device configuration (Jira's site, a kubeconfig) are
// built with a placeholder here: validate() reads only the parameters.

const schemaOnly = createConnectors({ jira: { baseUrl: 'https://jira.invalid' }, kubernetes: { kubeconfig: { file: '(not read)' } } });

/** Connectors whose schema depends on this device's configuration (an allowlist): not checked here. */
const DEVICE_DEFINED = new Set(['command']);

export const connectorParamsCheck: ActionCheck = (connector: string, operation: string, params: JsonValue) => {
  if (DEVICE_DEFINED.has(connector)) return null;
  const c = schemaOnly.get(connector);
  if (c === undefined) return `unknown connector ${connector} (known: ${[...schemaOnly.keys(), ...DEVICE_DEFINED].sort().join(', ')})`;
  if (!c.operations.includes(operation) && !c.operations.includes('*'))
    return `connector ${connector} has no operation ${operation} (it has ${c.operations.join(', ')})`;
  const input = params !== null && typeof params === 'object' && !Array.isArray(params) ? params : {};
  try {
    c.validate({ ...input, operation });
    return null;
  } catch (err) {
    if (err instanceof ConnectorParamsError) return err.message;
    throw err;
  }
};
