import { MAX_SPEED, MIN_SPEED } from '../../shared/exercise';

/** The speeds the selectors offer (1× to 60×), with the current one if it is another. */
export function speedChoices(current: number | null = null): number[] {
  const usual = [1, 2, 5, 10, 15, 30, 60].filter((s) => s >= MIN_SPEED && s <= MAX_SPEED);
  return current === null || usual.includes(current) ? usual : [...usual, current].sort((a, b) => a - b);
}
