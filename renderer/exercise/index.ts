export { ExerciseBanner } from './ExerciseBanner';
export { ExercisePanel } from './ExercisePanel';
export { useExerciseStore } from './store';
export { exerciseBannerText } from './bannerText';
export { exerciseEntrySummary } from './timelineSummary';
