import type { actionMethods } from '../../shared/api/actionMethods';
import type { HandlerMap } from './handlerTypes';

export const actionHandlers: HandlerMap<keyof typeof actionMethods> = {};
