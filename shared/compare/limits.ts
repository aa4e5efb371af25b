/** The compare limits now live with every other limit in shared/limits.ts; kept so imports stay short. */
export { COMPARE_LIMITS } from '../limits';
