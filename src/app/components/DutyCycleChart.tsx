/**
 * The accident duty cycle as designers draw it: current against time, one step per period, the
 * random (5 s) load shown as a pulse at the end of the largest stage. The time axis is a square-root
 * scale so the 1-minute initial period stays visible next to a 4-hour tail; ticks give real times.
 */
export interface DutyStep {
  startMin: number;
  endMin: number;
  currentA: number;
}

export interface DutyCycleChartProps {
  steps: readonly DutyStep[];
  randomA?: number;
  /** Where the random pulse is drawn (minute); defaults to the end of the cycle. */
  randomAtMin?: number;
  title: string;
  timeLabel: string;
  currentLabel: string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 24, right: 16, bottom: 40, left: 56 };

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const scaled = value / magnitude;
  const step = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
  return step * magnitude;
}

function formatMinutes(min: number): string {
  if (min < 60) return `${Number(min.toFixed(2))} min`;
  const h = min / 60;
  return `${Number(h.toFixed(2))} h`;
}

export function DutyCycleChart({ steps, randomA = 0, randomAtMin, title, timeLabel, currentLabel, width = 640, height = 240 }: DutyCycleChartProps) {
  const endMin = steps.reduce((m, s) => Math.max(m, s.endMin), 0);
  const peak = Math.max(0, ...steps.map((s) => s.currentA)) + Math.max(0, randomA);
  const yMax = niceMax(peak * 1.1);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (min: number) => MARGIN.left + (endMin > 0 ? Math.sqrt(min / endMin) : 0) * plotW;
  const y = (a: number) => MARGIN.top + plotH - (a / yMax) * plotH;
  const boundaries = [...new Set(steps.flatMap((s) => [s.startMin, s.endMin]))].sort((a, b) => a - b);
  const path = steps
    .map((s, i) => `${i === 0 ? `M${x(s.startMin)},${y(0)} ` : ''}L${x(s.startMin)},${y(s.currentA)} L${x(s.endMin)},${y(s.currentA)}`)
    .join(' ');
  const closing = steps.length ? ` L${x(endMin)},${y(0)}` : '';
  const pulseAt = randomAtMin ?? endMin;
  const pulseBase = steps.find((s) => pulseAt > s.startMin && pulseAt <= s.endMin)?.currentA ?? 0;
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);

  return (
    <figure className="duty-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title}>
        <text x={MARGIN.left} y={14} className="chart-title">
          {title}
        </text>
        {yTicks.map((a) => (
          <g key={a}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(a)} y2={y(a)} stroke="#e3e8ee" />
            <text x={MARGIN.left - 6} y={y(a) + 4} textAnchor="end" fontSize={11} fill="#5b6b7c">
              {Number(a.toFixed(1))}
            </text>
          </g>
        ))}
        {boundaries.map((b) => (
          <g key={b}>
            <line x1={x(b)} x2={x(b)} y1={MARGIN.top} y2={MARGIN.top + plotH} stroke="#eef1f4" />
            <text x={x(b)} y={MARGIN.top + plotH + 14} textAnchor="middle" fontSize={10} fill="#5b6b7c">
              {formatMinutes(b)}
            </text>
          </g>
        ))}
        {steps.length > 0 && <path d={path + closing} fill="rgba(11,92,173,0.12)" stroke="#0b5cad" strokeWidth={2} />}
        {randomA > 0 && (
          <g>
            <line x1={x(pulseAt) - 3} x2={x(pulseAt) - 3} y1={y(pulseBase)} y2={y(pulseBase + randomA)} stroke="#b3261e" strokeWidth={4} />
            <text x={x(pulseAt) - 8} y={y(pulseBase + randomA) - 4} textAnchor="end" fontSize={11} fill="#b3261e">
              IR {Number(randomA.toFixed(2))} A (5 s)
            </text>
          </g>
        )}
        <text x={MARGIN.left + plotW / 2} y={height - 6} textAnchor="middle" fontSize={11} fill="#5b6b7c">
          {timeLabel}
        </text>
        <text x={12} y={MARGIN.top + plotH / 2} fontSize={11} fill="#5b6b7c" transform={`rotate(-90 12 ${MARGIN.top + plotH / 2})`} textAnchor="middle">
          {currentLabel}
        </text>
      </svg>
    </figure>
  );
}
