/**
 * Writes a chart as an SVG file. The renderer (Vega) is loaded only when a chart is asked for:
 * every `parley` command starts through the same entry point, and most draw nothing.
 */
import type { PlotSpec } from '../shared/plot-svg.js';
import { writeOutput } from './output-file.js';

export async function writeChart(file: string, spec: PlotSpec): Promise<void> {
  const { renderPlotSvg } = await import('../shared/plot-svg.js');
  await writeOutput(file, await renderPlotSvg(spec));
}
