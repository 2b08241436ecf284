/**
 * Renders a Vega-Lite chart to SVG text, headless (no canvas, no browser): the one place Parley
 * draws plots, for reports that are easier looked at than read.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type PlotSpec = TopLevelSpec;

/** A loader that fetches nothing: every plot carries its data inline. */
const NO_LOADING = vega.loader({ mode: 'file' });
NO_LOADING.load = () => Promise.reject(new Error('plots carry their data inline; nothing is loaded'));

export async function renderPlotSvg(spec: PlotSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', loader: NO_LOADING });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
