/**
 * The wiring advisor and device finder: which ports meet, what to buy, how to connect it.
 *
 * - {@link loadPortModel} / {@link parsePortModel}: `knowledge/ports.yaml`, validated.
 * - {@link advise}: the path between two endpoints, equipment, examples, warnings, diagram.
 * - {@link parseAdvisorQuestion}: free text naming two endpoints → `{from, to, count}`.
 * - {@link findDevices} / {@link compareDevices}: the catalogue by ports, side by side.
 */
export {
  loadPortModel,
  parsePortModel,
  PortModelError,
  SHIPPED_PORT_MODEL,
  shippedPortModel,
  PRESENTS,
  type Endpoint,
  type PortModel,
} from './schema.js';
export {
  advise,
  describeExample,
  resolveEndpoint,
  UnknownEndpointError,
  MAX_COUNT,
  type Advice,
  type AdviceWarning,
} from './advise.js';
export type { Equipment, EquipmentClass } from './equipment.js';
export type { PathLink, PathNode, Verdict } from './path.js';
export type { DeviceRef } from './catalogue.js';
export { parseAdvisorQuestion, completeEndpoints, namedEndpoints, type AdvisorQuestion } from './question.js';
export {
  findDevices,
  compareDevices,
  type FindQuery,
  type FoundDevice,
  describeFindQuery,
  type Comparison,
  type ComparisonRow,
} from './finder.js';
export { asksToCompare, parseFindQuestion } from './device-question.js';
