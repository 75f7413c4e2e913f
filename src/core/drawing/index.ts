export type { Box, Drawing, DrawingElement, ElementKind, Label, Shape, TitleBlockData } from './types.ts';
export { buildDrawing, textWidth, wrap, SHEET, RESERVED, TEXT_MM, type DrawingInput } from './model.ts';
export { drawingSvgs, sheetSvg, FONT_STACK, type SvgOptions } from './svg.ts';
export { parseDrawingTemplate, drawingTemplateSchema, type DrawingTemplate } from './template.ts';
export { drawingStateSchema, type DrawingState, type DrawingRevision } from './state.ts';
export { projectDrawing, drawingTextFields, drawingNumberOf, drawingStateOf, latestQuoteRevision, type ProjectDrawingArgs } from './project-drawing.ts';
export { confirmationLetter, type ConfirmationLetter, type ConfirmationArgs } from './confirmation.ts';
export { elementSignatures, nextRevisionLetter, issueDrawingRevision, compareSignatures, highlightOf, type DrawingComparison, type IssueArgs } from './revisions.ts';
