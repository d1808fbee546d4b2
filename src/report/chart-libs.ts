/**
 * The charting library the dashboard inlines: Chart.js 4 with its zoom plugin (and Hammer.js,
 * which the plugin needs for touch pan and pinch) and its annotation plugin (the change-point
 * lines), as the minified UMD builds their npm packages ship, licence banners included. Read
 * from the installed packages when a site is built, never copied into this repository.
 *
 * The paths are `new URL(literal, import.meta.url)`, relative to this module in src/ and in
 * build/ alike. ncc (webpack's asset relocator) copies each file next to the bundle and puts
 * its absolute PATH in place of the URL expression (`__nccwpck_require__.ab + "hammer.min.js"`),
 * so the built CLI and action carry them too: hence both forms are accepted below.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors.js';

export interface ChartLibraries {
  hammer: string;
  chart: string;
  zoom: string;
  annotation: string;
}

const FILES: Record<keyof ChartLibraries, URL | string> = {
  hammer: new URL('../../node_modules/hammerjs/hammer.min.js', import.meta.url),
  chart: new URL('../../node_modules/chart.js/dist/chart.umd.min.js', import.meta.url),
  zoom: new URL('../../node_modules/chartjs-plugin-zoom/dist/chartjs-plugin-zoom.min.js', import.meta.url),
  annotation: new URL(
    '../../node_modules/chartjs-plugin-annotation/dist/chartjs-plugin-annotation.min.js',
    import.meta.url,
  ),
};

let cached: ChartLibraries | undefined;

export function loadChartLibraries(): ChartLibraries {
  if (cached) return cached;
  const out: Partial<ChartLibraries> = {};
  for (const [name, where] of Object.entries(FILES) as [keyof ChartLibraries, URL | string][]) {
    const file = where instanceof URL || where.startsWith('file:') ? fileURLToPath(where) : where;
    try {
      out[name] = readFileSync(file, 'utf8');
    } catch (err) {
      throw new EnvironmentError(
        `the dashboard's charting library ${name} is missing (${file}: ${(err as Error).message}); run npm ci`,
      );
    }
  }
  cached = out as ChartLibraries;
  return cached;
}
