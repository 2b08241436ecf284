/**
 * The chart of `parley bandit ope --report --plot`: each challenger's doubly robust estimate with
 * its 95% interval, against the band of the logging policy's own reward, so a challenger that
 * clears the champion shows as an interval right of the band.
 */
import type { PlotSpec } from '../../shared/plot-svg.js';
import type { ChampionChallengerReport } from './champion-challenger.js';

export function championChallengerPlot(report: ChampionChallengerReport): PlotSpec {
  const rows = report.challengers.map((c) => ({ name: c.name, estimate: c.dr, ciLow: c.ciLow, ciHigh: c.ciHigh, verdict: c.beatsChampion ? 'beats the logged policy' : 'does not' }));
  const names = rows.map((r) => r.name);
  const { champion } = report;
  return {
    title: {
      text: 'Policies estimated off-policy on the log',
      subtitle: [`${report.n} logged decisions; dot: doubly robust estimate, bar: its 95% interval`, `grey band: the logged policy's own reward ${champion.value.toFixed(4)} [${champion.ciLow.toFixed(4)}, ${champion.ciHigh.toFixed(4)}]`],
    },
    width: 420,
    height: Math.max(120, 24 * rows.length),
    layer: [
      { data: { values: [champion] }, mark: { type: 'rect', color: 'lightgray', opacity: 0.6 }, encoding: { x: { field: 'ciLow', type: 'quantitative' }, x2: { field: 'ciHigh' } } },
      { data: { values: [champion] }, mark: { type: 'rule', color: 'gray' }, encoding: { x: { field: 'value', type: 'quantitative' } } },
      {
        data: { values: rows },
        mark: 'rule',
        encoding: { y: { field: 'name', type: 'nominal', sort: names, title: null }, x: { field: 'ciLow', type: 'quantitative', title: 'mean reward' }, x2: { field: 'ciHigh' } },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          y: { field: 'name', type: 'nominal', sort: names },
          x: { field: 'estimate', type: 'quantitative' },
          color: { field: 'verdict', type: 'nominal', title: null, scale: { domain: ['beats the logged policy', 'does not'], range: ['#2a9d2a', '#4c78a8'] } },
        },
      },
    ],
  };
}
