export { TasksPanel } from './TasksPanel';
export { useTasksStore, type TasksStore } from './store';
