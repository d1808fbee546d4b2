/** What the action asks of GitHub: implemented in src/store/services.ts (Octokit + @actions/artifact). */
export type { FoundBaseline, GitHubServices } from '../store/services.js';
