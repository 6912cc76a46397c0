export { IncidentHeader } from './IncidentHeader';
export { IncidentsList } from './IncidentsList';
