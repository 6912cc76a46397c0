export { SimClock, simOffsetAt, changeClock, wallAtOffset, MIN_SPEED, MAX_SPEED, type ClockSegment, type SimTimeline } from './simClock';
export { InjectPayloadSchema, INJECT_TYPES, describeInject, type InjectPayload, type InjectType } from './injectSchema';
export {
  scenarioSchema,
  parseScenarioText,
  ScenarioDuration,
  Expectation,
  ScriptStep,
  type Scenario,
  type ScenarioInject,
  type ScenarioParticipant,
  type RubricItem,
  type ScenarioParse,
} from './scenarioSchema';
export { scenarioProblems, type CatalogRefs, type ScenarioProblem } from './scenarioRefs';
export { injectDueAt, dueInjects, nextDueAt, activePartitions, partitionsBetween, canCommunicate, mayRelay, failingConnectors } from './scheduler';
export { connectorFor, SANDBOX_CONNECTOR } from './connectorFor';
export { exerciseStatus } from './exerciseStatus';
export type { ScenarioDocument } from './fromIncident';
export { scenarioFromIncident } from './fromIncident';
