import type { exerciseMethods } from '../../shared/api/exerciseMethods';
import type { HandlerMap } from './handlerTypes';

export const exerciseHandlers: HandlerMap<keyof typeof exerciseMethods> = {};
