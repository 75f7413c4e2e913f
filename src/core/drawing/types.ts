/** The drawing model: sheet millimetres, origin top left, y downwards (SVG's frame; the DXF writer flips y). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Label {
  text: string;
  /** Anchor point: x by `anchor`, y the baseline. */
  x: number;
  y: number;
  /** Text height in mm (≥ 2.5 on A3). */
  size: number;
  anchor: 'start' | 'middle' | 'end';
  /** The space the text takes, estimated conservatively (CJK 1 em, other characters 0.62 em). */
  box: Box;
}

export type Shape =
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; dashed?: boolean; heavy?: boolean }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; dashed?: boolean }
  | { kind: 'circle'; cx: number; cy: number; r: number };

export type ElementKind =
  | 'acIncomer' | 'ats' | 'acBreaker' | 'charger' | 'breaker' | 'fuse' | 'battery' | 'shunt' | 'cable' | 'bus' | 'busTie'
  | 'dropper' | 'monitor' | 'insulationMonitor' | 'samplingBox' | 'feeder' | 'subPanel' | 'subPanelIncoming' | 'dcdc' | 'inverter'
  | 'panelHeader' | 'sheet' | 'titleBlock' | 'revisionTable' | 'notes';

export interface DrawingElement {
  /** Stable across layouts: derived from the configuration (breaker id and index, battery group, …). */
  id: string;
  kind: ElementKind;
  /** 1-based sheet number. */
  sheet: number;
  designation?: string;
  shapes: Shape[];
  labels: Label[];
  /** What the reviewer checks it against: the trace entry and the BOM item. */
  traceRef?: string;
  itemCode?: string;
  /** Values the labels print, for tests and the app (never re-parsed from the labels by the renderers). */
  ratingA?: number;
  capacityAh?: number;
  /** The BOM panel the device sits in, as the priced BOM places it (breakers, sampling boxes). */
  panelId?: string;
  /** What the element says, independent of where it is drawn: compared between drawing revisions. */
  signature: string;
}

export interface TitleBlockData {
  company: string;
  project: string;
  drawingName: string;
  drawingNumber: string;
  revision: string;
  date: string;
  signatures: { role: string; name: string }[];
  scale: string;
}

export interface Drawing {
  lang: 'zh' | 'en';
  sheetCount: number;
  widthMm: number;
  heightMm: number;
  elements: DrawingElement[];
  titleBlock: TitleBlockData;
  revisions: { letter: string; date: string; description: string; quoteRevision: string | null }[];
}
