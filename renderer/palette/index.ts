export { CommandPalette } from './CommandPalette';
export { allCommands, filterCommands, type Command } from './commands';
