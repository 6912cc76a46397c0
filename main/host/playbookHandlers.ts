import type { playbookMethods } from '../../shared/api/playbookMethods';
import type { HandlerMap } from './handlerTypes';

export const playbookHandlers: HandlerMap<keyof typeof playbookMethods> = {};
